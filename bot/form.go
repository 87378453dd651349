package bot

import (
	"slices"
	"strings"

	tgbot "github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"

	"govmedia"
)

// form is a guided form in progress: which one, the question now asked,
// and the answers so far. It is stored as JSON between updates.
type form struct {
	Kind          string            `json:"kind"`
	Step          string            `json:"step"`
	Values        map[string]string `json:"values"`
	Domains       []string          `json:"domains,omitempty"`
	AccountID     int64             `json:"account_id,omitempty"`
	ApplicationID int64             `json:"application_id,omitempty"`
	PublicationID int64             `json:"publication_id,omitempty"` // the returned publication being revised
	Prompt        int               `json:"prompt,omitempty"`         // the message asking the current question
}

// confirmStep is the last step of every form: the summary to confirm.
const confirmStep = "confirm"

// option is one button of a choice.
type option struct {
	Value string
	Label string
}

// stepDef says how to ask one question and take its answer.
type stepDef struct {
	prompt   func(r *request, f *form) string
	options  func(r *request, f *form) []option // a choice; nil: free text
	multi    bool                               // several options, then done
	typed    bool                               // a typed answer is taken besides the options
	file     bool                               // a document or photo is taken besides text
	optional bool                               // "-" skips it
	secret   bool                               // the user's answer is deleted from the chat
	accept   func(r *request, f *form, value string) error
	then     func(f *form) string // the next question, when not the next in order
}

// formKind is one kind of form.
type formKind struct {
	steps   func(r *request, f *form) []string // the questions, given the answers so far
	defs    map[string]stepDef
	summary func(r *request, f *form) (string, error)
	finish  func(r *request, f *form) error
}

// formKinds are the forms by name; filled by each form's file.
var formKinds = map[string]*formKind{}

// startForm begins a form at its first question.
func (r *request) startForm(f *form) {
	if f.Values == nil {
		f.Values = map[string]string{}
	}
	f.Step = formKinds[f.Kind].steps(r, f)[0]
	r.ask(f)
}

// ask sends the current question with its buttons, and saves the form.
func (r *request) ask(f *form) {
	kind := formKinds[f.Kind]
	var text string
	var rows [][]models.InlineKeyboardButton
	if f.Step == confirmStep {
		summary, err := kind.summary(r, f)
		if err != nil {
			r.fail(err)
			return
		}
		text = summary + "\n\n" + tr(r.lang, "bot.form.confirm")
		rows = [][]models.InlineKeyboardButton{{button(tr(r.lang, "bot.btn.submit"), "f:"+confirmStep+":yes")}}
	} else {
		def := kind.defs[f.Step]
		text = def.prompt(r, f)
		if def.optional {
			text += "\n" + tr(r.lang, "bot.form.optional")
		}
		rows = r.optionRows(f, def)
	}
	rows = append(rows, r.navRow(f))
	msg := r.say(text, &models.InlineKeyboardMarkup{InlineKeyboard: rows})
	if msg != nil {
		f.Prompt = msg.ID
	}
	r.save(f)
}

func (r *request) optionRows(f *form, def stepDef) [][]models.InlineKeyboardButton {
	if def.options == nil {
		return nil
	}
	var rows [][]models.InlineKeyboardButton
	opts := def.options(r, f)
	per := 1
	if len(opts) > 6 {
		per = 2
	}
	for i := 0; i < len(opts); i += per {
		var row []models.InlineKeyboardButton
		for _, o := range opts[i:min(i+per, len(opts))] {
			label := o.Label
			if def.multi && slices.Contains(f.Domains, o.Value) {
				label = "✅ " + label
			}
			row = append(row, button(label, "f:"+f.Step+":"+o.Value))
		}
		rows = append(rows, row)
	}
	if def.multi {
		rows = append(rows, []models.InlineKeyboardButton{button(tr(r.lang, "bot.btn.done"), "f:"+f.Step+":=")})
	}
	return rows
}

// navRow is the Back / Cancel row under every question.
func (r *request) navRow(f *form) []models.InlineKeyboardButton {
	row := []models.InlineKeyboardButton{button(tr(r.lang, "bot.btn.cancel"), "f:cancel")}
	if r.previous(f) != "" {
		row = append([]models.InlineKeyboardButton{button(tr(r.lang, "bot.btn.back"), "f:back")}, row...)
	}
	return row
}

// previous is the question before the current one, "" at the first.
func (r *request) previous(f *form) string {
	steps := append(formKinds[f.Kind].steps(r, f), confirmStep)
	i := slices.Index(steps, f.Step)
	if i <= 0 {
		return ""
	}
	return steps[i-1]
}

// next is the question after the current one.
func (r *request) next(f *form) string {
	steps := append(formKinds[f.Kind].steps(r, f), confirmStep)
	i := slices.Index(steps, f.Step)
	if i < 0 || i+1 >= len(steps) {
		return confirmStep
	}
	return steps[i+1]
}

func (r *request) save(f *form) {
	if err := r.saveForm(r.ctx, r.from.ID, f); err != nil {
		r.log.Error("saving a form", "err", err)
	}
}

func button(label, data string) models.InlineKeyboardButton {
	return models.InlineKeyboardButton{Text: label, CallbackData: data}
}

// closePrompt removes the buttons of the question just answered, so that
// nobody presses them again.
func (r *request) closePrompt(f *form) {
	if f.Prompt == 0 {
		return
	}
	params := &tgbot.EditMessageReplyMarkupParams{ChatID: r.chat, MessageID: f.Prompt}
	if _, err := r.api.EditMessageReplyMarkup(r.ctx, params); err != nil && !notModified(err) {
		r.log.Debug("closing a prompt", "err", err)
	}
	f.Prompt = 0
}

// notModified reports Telegram's answer to an edit that changes nothing.
func notModified(err error) bool {
	return err != nil && strings.Contains(err.Error(), "message is not modified")
}

// formLabel is the name of a field, as forms and cards show it.
func formLabel(lang govmedia.Language, field string) string {
	return govmedia.Print(lang, "field."+field)
}

func inline(rows [][]models.InlineKeyboardButton) *models.InlineKeyboardMarkup {
	return &models.InlineKeyboardMarkup{InlineKeyboard: rows}
}
