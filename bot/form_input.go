package bot

import (
	"slices"
	"strings"

	tgbot "github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"

	"govmedia"
)

// formInput takes a typed message as the answer to the current question.
func (r *request) formInput() {
	f, err := r.loadForm(r.ctx, r.from.ID)
	if err != nil {
		r.fail(err)
		return
	}
	if f == nil {
		r.say(tr(r.lang, "bot.no_form"), nil)
		return
	}
	if f.Step == confirmStep {
		r.say(tr(r.lang, "bot.form.press_submit"), nil)
		return
	}
	def := formKinds[f.Kind].defs[f.Step]
	text := strings.TrimSpace(r.u.Message.Text)
	if v := attachment(r.u.Message); v != "" {
		if !def.file {
			r.say(tr(r.lang, "bot.form.no_file_here"), nil)
			return
		}
		text = v
	}
	if def.secret {
		r.deleteMessage(r.u.Message.ID)
	}
	var opts []option
	if def.options != nil {
		opts = def.options(r, f)
	}
	if len(opts) > 0 && !def.multi {
		v, ok := matchOption(opts, text)
		if !ok && def.typed {
			v, ok = text, true
		}
		if !ok {
			r.say(tr(r.lang, "bot.form.use_buttons"), nil)
			return
		}
		text = v
	} else if def.multi || text == "" {
		r.say(tr(r.lang, "bot.form.use_buttons"), nil)
		return
	}
	r.takeAnswer(f, def, text)
}

// matchOption accepts a typed answer that names an option.
func matchOption(opts []option, text string) (string, bool) {
	for _, o := range opts {
		if strings.EqualFold(text, o.Label) || text == o.Value {
			return o.Value, true
		}
	}
	return "", false
}

// takeAnswer validates an answer; a good one moves the form on, a bad one
// is explained and the question stands.
func (r *request) takeAnswer(f *form, def stepDef, value string) {
	if def.optional && (value == "-" || value == "－") {
		value = ""
	}
	if err := def.accept(r, f, value); err != nil {
		r.say(errorText(r.lang, err)+"\n"+tr(r.lang, "bot.form.try_again"), nil)
		return
	}
	r.closePrompt(f)
	if def.then != nil {
		f.Step = def.then(f)
	} else {
		f.Step = r.next(f)
	}
	r.ask(f)
}

// onFormButton handles a press on a form's buttons: "f:back", "f:cancel"
// or "f:<step>:<value>".
func (r *request) onFormButton(data string) {
	f, err := r.loadForm(r.ctx, r.from.ID)
	if err != nil || f == nil {
		r.answer(tr(r.lang, "bot.form.expired"), true)
		return
	}
	switch data {
	case "f:cancel":
		r.answer("", false)
		r.cancelForm(nil)
		return
	case "f:back":
		r.answer("", false)
		r.closePrompt(f)
		if prev := r.previous(f); prev != "" {
			f.Step = prev
		}
		r.ask(f)
		return
	}
	step, value, _ := strings.Cut(strings.TrimPrefix(data, "f:"), ":")
	if step != f.Step {
		r.answer(tr(r.lang, "bot.form.stale_button"), true)
		return
	}
	r.answer("", false)
	if step == confirmStep {
		r.finishForm(f)
		return
	}
	r.pressOption(f, formKinds[f.Kind].defs[step], value)
}

// pressOption takes a pressed option; in a multi-select it toggles the
// option and redraws the buttons until Done.
func (r *request) pressOption(f *form, def stepDef, value string) {
	if !def.multi {
		r.takeAnswer(f, def, value)
		return
	}
	if value == "=" {
		r.takeAnswer(f, def, strings.Join(f.Domains, ","))
		return
	}
	if i := slices.Index(f.Domains, value); i >= 0 {
		f.Domains = slices.Delete(f.Domains, i, i+1)
	} else {
		f.Domains = append(f.Domains, value)
	}
	rows := append(r.optionRows(f, def), r.navRow(f))
	params := &tgbot.EditMessageReplyMarkupParams{ChatID: r.chat, MessageID: f.Prompt, ReplyMarkup: inline(rows)}
	if _, err := r.api.EditMessageReplyMarkup(r.ctx, params); err != nil && !notModified(err) {
		r.log.Warn("redrawing a choice", "err", redact(err.Error(), r.opts.Token))
	}
	r.save(f)
}

// finishForm submits a confirmed form and clears it.
func (r *request) finishForm(f *form) {
	if err := formKinds[f.Kind].finish(r, f); err != nil {
		r.fail(err)
		if govmedia.ErrorCode(err) != govmedia.EINTERNAL {
			r.say(tr(r.lang, "bot.form.fix_and_resubmit"), nil)
		}
		return
	}
	r.closePrompt(f)
	if err := r.saveForm(r.ctx, r.from.ID, nil); err != nil {
		r.log.Error("clearing a form", "err", err)
	}
}

// cancelForm drops the form in progress.
func (r *request) cancelForm([]string) {
	if f, _ := r.loadForm(r.ctx, r.from.ID); f != nil {
		r.closePrompt(f)
	}
	if err := r.saveForm(r.ctx, r.from.ID, nil); err != nil {
		r.fail(err)
		return
	}
	r.say(tr(r.lang, "bot.form.cancelled"), nil)
}

func (r *request) deleteMessage(id int) {
	if _, err := r.api.DeleteMessage(r.ctx, &tgbot.DeleteMessageParams{ChatID: r.chat, MessageID: id}); err != nil {
		r.log.Warn("deleting a message that held a secret", "err", redact(err.Error(), r.opts.Token))
	}
}

// attachment names a document or photo sent as an answer:
// "doc:<file_id>:<name>" or "photo:<file_id>"; "" for none.
func attachment(m *models.Message) string {
	switch {
	case m.Document != nil:
		return "doc:" + m.Document.FileID + ":" + m.Document.FileName
	case len(m.Photo) > 0:
		return "photo:" + m.Photo[len(m.Photo)-1].FileID
	}
	return ""
}
