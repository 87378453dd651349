package bot

import (
	"slices"
	"strings"

	tgbot "github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"

	"govmedia"
)

// formInput takes a typed message (or a file) as the answer to the
// current question.
func (r *request) formInput() {
	f, err := r.loadForm(r.ctx, r.from.ID)
	if err != nil {
		r.fail(err)
		return
	}
	if f == nil {
		if r.strayReason(r.u.Message) {
			return
		}
		if ref := attachment(r.u.Message); ref != nil && r.cat != nil && catalogFile(ref) {
			r.importCatalog(ref)
			return
		}
		r.say(tr(r.lang, "bot.no_form"), nil)
		return
	}
	if f.Step == confirmStep {
		r.say(tr(r.lang, "bot.form.press_submit"), nil)
		return
	}
	def := defOf(f)
	if a, ok := r.typedAnswer(f, def); ok {
		r.takeAnswer(f, def, a)
	}
}

// typedAnswer reads the message as an answer to def: a file where files
// are taken, an option named by its label, or free text where text is
// taken. Otherwise it says what to do instead and reports false.
func (r *request) typedAnswer(f *form, def stepDef) (answer, bool) {
	msg := r.u.Message
	if def.secret {
		r.deleteMessage(msg.ID)
	}
	if ref := attachment(msg); ref != nil {
		return r.fileAnswer(def, ref)
	}
	text := strings.TrimSpace(msg.Text)
	var opts []option
	if def.options != nil {
		opts = def.options(r, f)
	}
	switch {
	case text == "" || def.multi != nil:
		r.say(tr(r.lang, "bot.form.use_buttons"), nil)
		return answer{}, false
	case def.optional && (text == "-" || text == "－"):
		return answer{}, true
	case len(opts) > 0:
		if v, ok := matchLabel(opts, text); ok {
			return answer{Text: v, Chosen: true}, true
		}
		if !def.typed {
			r.say(tr(r.lang, "bot.form.use_buttons"), nil)
			return answer{}, false
		}
	}
	return answer{Text: text}, true
}

// fileAnswer takes a file where the question takes one, within the size
// the bot downloads.
func (r *request) fileAnswer(def stepDef, ref *fileRef) (answer, bool) {
	if !def.file {
		r.say(tr(r.lang, "bot.form.no_file_here"), nil)
		return answer{}, false
	}
	if ref.Size > maxDownload {
		r.say(errorText(r.lang, govmedia.Errorf(govmedia.EINVALID, "bot.file_too_large", "max", maxDownloadText))+"\n"+tr(r.lang, "bot.form.try_again"), nil)
		return answer{}, false
	}
	return answer{File: ref}, true
}

// matchLabel accepts a typed answer that names an option by its label.
// Typed text is never taken for an option's value, which only a button
// carries.
func matchLabel(opts []option, text string) (string, bool) {
	for _, o := range opts {
		if strings.EqualFold(text, o.Label) {
			return o.Value, true
		}
	}
	return "", false
}

// takeAnswer validates an answer; a good one moves the form on, the
// question showing the answer it got, a bad one is explained and the
// question stands.
func (r *request) takeAnswer(f *form, def stepDef, a answer) {
	shown := r.shownAnswer(f, def, a)
	if err := def.accept(r, f, a); err != nil {
		r.say(errorText(r.lang, err)+"\n"+tr(r.lang, "bot.form.try_again"), nil)
		return
	}
	if def.stay != nil && def.stay(f) {
		r.askAgain(f, def, a.Chosen)
		return
	}
	r.closePrompt(f, shown)
	f.Step = r.afterAnswer(f, def)
	r.ask(f)
}

// askAgain asks the current question anew after an answer that moved it
// on without answering it: in place after a press, below the person's
// message after typed text.
func (r *request) askAgain(f *form, def stepDef, pressed bool) {
	if !pressed || f.Prompt == 0 {
		r.closePrompt(f, "")
		r.ask(f)
		return
	}
	text := def.prompt(r, f)
	rows := append(r.optionRows(f, def), r.navRow(f))
	if err := r.editText(r.ctx, r.chat, f.Prompt, text, inline(rows)); err != nil && !notModified(err) {
		r.sendFailed(r.chat, err)
	}
	f.PromptText = text
	r.save(f)
}

// onFormButton handles a press on a form's buttons: "f:back", "f:cancel"
// or "f:<step>:<value>". The data is checked against the form as it
// stands: the step asked now, and one of its options.
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
		r.closePrompt(f, "")
		f.Step = r.back(f)
		r.ask(f)
		return
	}
	step, value, _ := strings.Cut(strings.TrimPrefix(data, "f:"), ":")
	if step == "jump" {
		r.onJump(f, value)
		return
	}
	if step != f.Step {
		r.answer(tr(r.lang, "bot.form.stale_button"), true)
		return
	}
	if step == confirmStep {
		r.onConfirm(f, value)
		return
	}
	r.pressOption(f, defOf(f), value)
}

// onConfirm submits the form. The press is answered first: a submission
// that waits on another service (WeChat checking credentials) would
// otherwise answer after Telegram's deadline for it.
func (r *request) onConfirm(f *form, value string) {
	if value != "yes" {
		r.answer(tr(r.lang, "bot.form.stale_button"), true)
		return
	}
	toast := ""
	if kind := formKinds[f.Kind]; kind.working != nil {
		toast = kind.working(r, f)
	}
	r.answer(toast, false)
	r.finishForm(f)
}

// pressOption takes a pressed option; in a multi-select it toggles the
// option and redraws the buttons until Done. A value that is not one of
// the question's options is refused.
func (r *request) pressOption(f *form, def stepDef, value string) {
	known := def.options != nil && slices.ContainsFunc(def.options(r, f), func(o option) bool { return o.Value == value })
	if !known && !(def.multi != nil && value == "=") {
		r.answer(tr(r.lang, "bot.form.stale_button"), true)
		return
	}
	r.answer("", false)
	if def.multi == nil || value == "=" {
		r.takeAnswer(f, def, answer{Text: value, Chosen: true})
		return
	}
	sel := def.multi.selected(f)
	if i := slices.Index(*sel, value); i >= 0 {
		*sel = slices.Delete(*sel, i, i+1)
	} else {
		*sel = append(*sel, value)
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
	r.closePrompt(f, tr(r.lang, "bot.form.submitted_mark"))
	if err := r.saveForm(r.ctx, r.from.ID, nil); err != nil {
		r.log.Error("clearing a form", "err", err)
	}
}

// cancelForm drops the form in progress.
func (r *request) cancelForm([]string) {
	if f, _ := r.loadForm(r.ctx, r.from.ID); f != nil {
		r.closePrompt(f, tr(r.lang, "bot.form.cancelled_mark"))
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

// attachment is the document or photo a message carries, nil for none.
func attachment(m *models.Message) *fileRef {
	switch {
	case m.Document != nil:
		return &fileRef{ID: m.Document.FileID, Name: m.Document.FileName, Size: m.Document.FileSize}
	case len(m.Photo) > 0:
		p := m.Photo[len(m.Photo)-1]
		return &fileRef{ID: p.FileID, Photo: true, Size: int64(p.FileSize)}
	}
	return nil
}

// shownAnswer is an answer as the question shows it once answered: the
// label of the option chosen, the options ticked, a file's name; a secret
// as kept (its message is deleted); "" for typed text, which the person's
// own message shows.
func (r *request) shownAnswer(f *form, def stepDef, a answer) string {
	if def.shown != nil {
		if text := def.shown(r, f, a); text != "" {
			return text
		}
	}
	switch {
	case def.secret:
		return tr(r.lang, "bot.form.secret_kept")
	case a.File != nil && a.File.Photo:
		return tr(r.lang, "bot.form.got_photo")
	case a.File != nil:
		return tr(r.lang, "bot.form.got_file", "name", a.File.Name)
	case !a.Chosen && a.Text == "" && def.optional:
		return tr(r.lang, "bot.form.skipped")
	case !a.Chosen || def.options == nil:
		return ""
	}
	opts := def.options(r, f)
	if def.multi != nil && a.Text == "=" {
		var names []string
		for _, o := range opts {
			if slices.Contains(*def.multi.selected(f), o.Value) {
				names = append(names, o.Label)
			}
		}
		return esc(strings.Join(names, "、"))
	}
	for _, o := range opts {
		if o.Value == a.Text {
			return esc(o.Label)
		}
	}
	return ""
}

// maxDownloadText is maxDownload as people read it.
const maxDownloadText = "10 MB"
