package bot

import (
	"fmt"
	"slices"
	"strings"

	tgbot "github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"

	"govmedia"
)

// form is a guided form in progress: which one, the question now asked,
// and the answers so far, typed by the kind of form (one of the answer
// fields is set). It is stored as JSON between updates. Secrets in it are
// sealed; nothing in it is a string with a meaning hidden in a prefix.
type form struct {
	Kind          string             `json:"kind"`
	Step          string             `json:"step"`
	Prompt        int                `json:"prompt,omitempty"`         // the message asking the current question
	PromptText    string             `json:"prompt_text,omitempty"`    // its text, to show the answer under it once answered
	Jump          *jump              `json:"jump,omitempty"`           // a field revisited from the summary
	ApplicationID int64              `json:"application_id,omitempty"` // a returned application being revised
	Account       *accountForm       `json:"account,omitempty"`        // open, change
	Close         *closeForm         `json:"close,omitempty"`
	Bind          *bindForm          `json:"bind,omitempty"`
	Publish       *publishForm       `json:"publish,omitempty"`
	Policy        *policyForm        `json:"policy,omitempty"`
	CatalogItem   *catalogItemForm   `json:"catalog_item,omitempty"`
	Invite        *inviteForm        `json:"invite,omitempty"`
	Question      *questionForm      `json:"question,omitempty"` // reply, hand_over
	Welcome       *welcomeForm       `json:"welcome,omitempty"`
	ConfirmUpdate *confirmUpdateForm `json:"confirm_update,omitempty"`
	Report        *reportForm        `json:"report,omitempty"`
	Milestone     *milestoneForm     `json:"milestone,omitempty"`
	Wordlist      *wordlistForm      `json:"wordlist,omitempty"`
}

// answer is one answer to a question. Typed text, a chosen option and a
// file reach a form by different paths, so that none is taken for another.
type answer struct {
	Text   string   // what was typed, or the value of the option chosen
	Chosen bool     // Text is an option's value (pressed, or its label typed)
	File   *fileRef // a document or photo sent instead of text
}

// fileRef is a file a user sent, kept by Telegram's file_id until used.
type fileRef struct {
	ID    string `json:"id"`
	Name  string `json:"name,omitempty"`
	Photo bool   `json:"photo,omitempty"`
	Size  int64  `json:"size,omitempty"`
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
	options  func(r *request, f *form) []option         // a choice; nil: free text
	multi    *multiChoice                               // several options, then done
	typed    bool                                       // a typed answer is taken besides the options
	file     bool                                       // a document or photo is taken besides text
	optional bool                                       // "-" skips it
	secret   bool                                       // the user's answer is deleted from the chat
	label    string                                     // the text key naming the field in the summary ("" : none to jump to)
	stay     func(f *form) bool                         // the answer just taken asks the same question anew (a move in a picker)
	shown    func(r *request, f *form, a answer) string // the answer as the question shows it, HTML; "": as usual
	accept   func(r *request, f *form, a answer) error
	then     func(f *form) string // the next question, when not the next in order
	// delegate, when set, is the whole question, given the answers so far
	// (a change form asks its value as the field being changed asks it).
	delegate func(f *form) stepDef
}

// defOf is the definition of the form's current question.
func defOf(f *form) stepDef {
	d := formKinds[f.Kind].defs[f.Step]
	if d.delegate != nil {
		return d.delegate(f)
	}
	return d
}

// multiChoice is a question answered by ticking options, then Done.
type multiChoice struct {
	selected func(f *form) *[]string // the options ticked so far
}

// formKind is one kind of form.
type formKind struct {
	steps   func(r *request, f *form) []string // the questions, given the answers so far
	defs    map[string]stepDef
	summary func(r *request, f *form) (string, error)
	finish  func(r *request, f *form) error
	// fields, when set, are the fields the summary offers to go back to;
	// otherwise every question with a label.
	fields func(r *request, f *form) []field
	// missing, when set, names the first question still to answer once a
	// field was changed from the summary (a platform changed to WeChat asks
	// for the account's kind); "" when none.
	missing func(r *request, f *form) string
	// working, when set, is the toast that answers Submit at once when
	// submitting takes a while (a check with WeChat).
	working func(r *request, f *form) string
}

// field is what the summary offers to change: a question, or several in a
// row (an interpretation's form, title and body), asked again from From
// through Through; an empty Through asks on until the form comes back to
// the summary by itself.
type field struct {
	Label         string
	From, Through string
}

// jump is a visit from the summary to a field: once its last question is
// answered, the form goes back to the summary.
type jump struct {
	Through string `json:"through"`
}

// formKinds are the forms by name; filled by each form's file.
var formKinds = map[string]*formKind{}

// startForm begins a form at its first question.
func (r *request) startForm(f *form) {
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
		rows = append([][]models.InlineKeyboardButton{{button(tr(r.lang, "bot.btn.submit"), "f:"+confirmStep+":yes")}}, r.jumpRows(f)...)
	} else {
		def := defOf(f)
		text = def.prompt(r, f)
		if def.optional {
			text += "\n" + tr(r.lang, "bot.form.optional")
		}
		rows = r.optionRows(f, def)
	}
	rows = append(rows, r.navRow(f))
	msg := r.say(text, &models.InlineKeyboardMarkup{InlineKeyboard: rows})
	if msg != nil {
		f.Prompt, f.PromptText = msg.ID, text
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
			if def.multi != nil && slices.Contains(*def.multi.selected(f), o.Value) {
				label = "✅ " + label
			}
			row = append(row, button(label, "f:"+f.Step+":"+o.Value))
		}
		rows = append(rows, row)
	}
	if def.multi != nil {
		rows = append(rows, []models.InlineKeyboardButton{button(tr(r.lang, "bot.btn.done"), "f:"+f.Step+":=")})
	}
	return rows
}

// navRow is the Back / Cancel row under every question. Back from a field
// revisited from the summary goes back to the summary.
func (r *request) navRow(f *form) []models.InlineKeyboardButton {
	row := []models.InlineKeyboardButton{button(tr(r.lang, "bot.btn.cancel"), "f:cancel")}
	if r.previous(f) != "" || f.Jump != nil {
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

// save stores the form; a form that cannot be stored is told to the
// person (the answer would be lost), not only logged.
func (r *request) save(f *form) {
	if err := r.saveForm(r.ctx, r.from.ID, f); err != nil {
		r.fail(fmt.Errorf("saving a form: %w", err))
	}
}

func button(label, data string) models.InlineKeyboardButton {
	return models.InlineKeyboardButton{Text: label, CallbackData: data}
}

// closePrompt removes the buttons of the question just answered, so that
// nobody presses them again, and shows under the question the answer it
// got (shown, HTML; "" when the person's own message shows it).
func (r *request) closePrompt(f *form, shown string) {
	if f.Prompt == 0 {
		return
	}
	var err error
	if shown != "" && f.PromptText != "" {
		err = r.editText(r.ctx, r.chat, f.Prompt, f.PromptText+"\n"+tr(r.lang, "bot.form.answered", "answer", rawHTML(shown)), nil)
	} else {
		_, err = r.api.EditMessageReplyMarkup(r.ctx, &tgbot.EditMessageReplyMarkupParams{ChatID: r.chat, MessageID: f.Prompt})
	}
	if err != nil && !notModified(err) {
		r.log.Debug("closing a prompt", "err", err)
	}
	f.Prompt, f.PromptText = 0, ""
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
