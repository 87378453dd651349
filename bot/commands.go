package bot

import (
	"context"

	tgbot "github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"

	"govmedia"
	"govmedia/registry"
)

// privateCommands are what people can do in a private chat with the bot.
var privateCommands = []string{"start", "apply", "my", "publish", "policy", "publications", "catalog", "report", "milestones", "bulletin", "zombies", "wordlist", "pending", "registry", "account", "menu", "welcome", "invite", "members", "lang", "cancel", "help"}

// groupCommands are what the bot answers in an office's review group.
var groupCommands = []string{"pending", "bindgroup", "help"}

// commandHandlers run a private-chat command of a bound member.
var commandHandlers = map[string]func(*request, []string){
	"help":     (*request).help,
	"lang":     (*request).switchLanguage,
	"cancel":   (*request).cancelForm,
	"apply":    (*request).apply,
	"my":       (*request).my,
	"pending":  (*request).pending,
	"registry": (*request).searchRegistry,
	"account":  (*request).showAccount,
	"menu":     (*request).menuCommand,
	"invite":   (*request).invite,
	"members":  (*request).members,
}

// registerCommands tells Telegram the command menus, in each language.
func (b *Bot) registerCommands(ctx context.Context) error {
	for _, lang := range govmedia.Languages {
		code := ""
		if lang != govmedia.Chinese {
			code = string(lang)
		}
		sets := []struct {
			scope models.BotCommandScope
			names []string
		}{{&models.BotCommandScopeAllPrivateChats{}, privateCommands}, {&models.BotCommandScopeAllGroupChats{}, groupCommands}}
		for _, set := range sets {
			params := &tgbot.SetMyCommandsParams{Commands: commandList(lang, set.names), Scope: set.scope, LanguageCode: code}
			if _, err := b.api.SetMyCommands(ctx, params); err != nil {
				return err
			}
		}
	}
	return nil
}

// commandList is a command menu in lang.
func commandList(lang govmedia.Language, names []string) []models.BotCommand {
	cmds := make([]models.BotCommand, len(names))
	for i, n := range names {
		cmds[i] = models.BotCommand{Command: n, Description: govmedia.Print(lang, "bot.cmd."+n)}
	}
	return cmds
}

// setChatMenu gives a member's private chat the command menu in the
// language they chose (/lang), whatever language their Telegram app is
// set to: a menu set for one chat comes before those set by language.
func (r *request) setChatMenu() {
	params := &tgbot.SetMyCommandsParams{Commands: commandList(r.lang, privateCommands), Scope: &models.BotCommandScopeChat{ChatID: r.chat}}
	if _, err := r.api.SetMyCommands(r.ctx, params); err != nil {
		r.log.Warn("setting a chat's command menu", "err", redact(err.Error(), r.opts.Token))
	}
}

func (r *request) onPrivateMessage() {
	msg := r.u.Message
	if msg.ReplyToMessage != nil && msg.Text != "" && r.reasonReply(msg) {
		return // a reason for returning or rejecting, on a card sent here
	}
	name, args := command(msg.Text)
	switch {
	case name == "start":
		r.start(args)
	case r.member == nil:
		r.unbound()
	case name == "bindgroup":
		r.say(tr(r.lang, "bot.bindgroup_in_group"), nil)
	case name != "":
		if h, ok := commandHandlers[name]; ok {
			h(r, args)
			return
		}
		r.say(tr(r.lang, "bot.unknown_command"), nil)
	default:
		r.formInput()
	}
}

// start binds the user with an invite code, or greets a known user.
func (r *request) start(args []string) {
	if len(args) == 0 {
		if r.member == nil {
			r.unbound()
			return
		}
		r.help(nil)
		return
	}
	name := r.from.FirstName
	if r.from.LastName != "" {
		name += " " + r.from.LastName
	}
	m, err := r.reg.RedeemInvite(r.ctx, args[0], registry.TelegramUser{ID: r.from.ID, DisplayName: name, LanguageCode: r.from.LanguageCode})
	if err != nil {
		r.fail(err)
		return
	}
	r.member, r.lang = m, m.Lang()
	r.setChatMenu()
	r.say(tr(r.lang, "bot.bound", "org", m.Org.Name, "role", govmedia.Text("role."+string(m.Role))), nil)
	r.help(nil)
}

// help lists what this member can do.
func (r *request) help([]string) {
	key := "bot.help." + string(r.member.Role)
	r.say(tr(r.lang, key, "org", r.member.Org.Name, "name", r.member.DisplayName), nil)
}

// switchLanguage toggles between Chinese and English.
func (r *request) switchLanguage([]string) {
	next := govmedia.English
	if r.lang == govmedia.English {
		next = govmedia.Chinese
	}
	if err := r.reg.SetLanguage(r.ctx, r.member.ID, next); err != nil {
		r.fail(err)
		return
	}
	r.lang = next
	r.setChatMenu()
	r.say(tr(r.lang, "bot.language_set"), nil)
}
