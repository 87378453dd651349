package bot

import (
	"slices"

	"github.com/go-telegram/bot/models"

	"govmedia"
)

// The summary before submitting offers every field of the form, so that a
// clerk who sees a mistake goes straight to it and comes back to the
// summary, instead of stepping back through every question after it.

// fieldsOf are the fields the summary offers to change.
func (r *request) fieldsOf(f *form) []field {
	kind := formKinds[f.Kind]
	if kind.fields != nil {
		return kind.fields(r, f)
	}
	var out []field
	for _, step := range kind.steps(r, f) {
		if def := kind.defs[step]; def.label != "" {
			out = append(out, field{Label: govmedia.Print(r.lang, def.label), From: step, Through: step})
		}
	}
	return out
}

// jumpRows are the summary's buttons to its fields, three to a row.
func (r *request) jumpRows(f *form) [][]models.InlineKeyboardButton {
	var rows [][]models.InlineKeyboardButton
	var row []models.InlineKeyboardButton
	for _, fl := range r.fieldsOf(f) {
		row = append(row, button(tr(r.lang, "bot.btn.edit_field", "field", fl.Label), "f:jump:"+fl.From))
		if len(row) == 3 {
			rows, row = append(rows, row), nil
		}
	}
	if len(row) > 0 {
		rows = append(rows, row)
	}
	return rows
}

// onJump goes from the summary to one of its fields: "f:jump:<step>".
func (r *request) onJump(f *form, step string) {
	i := slices.IndexFunc(r.fieldsOf(f), func(fl field) bool { return fl.From == step })
	if f.Step != confirmStep || i < 0 {
		r.answer(tr(r.lang, "bot.form.stale_button"), true)
		return
	}
	r.answer("", false)
	r.closePrompt(f, "")
	fl := r.fieldsOf(f)[i]
	f.Step, f.Jump = fl.From, nil
	if fl.Through != "" {
		f.Jump = &jump{Through: fl.Through}
	}
	r.ask(f)
}

// afterAnswer is the question that follows an answer to the current one:
// the next in order, or, at the end of a field revisited from the summary,
// the first question the change left unanswered, else the summary.
func (r *request) afterAnswer(f *form, def stepDef) string {
	next := r.next(f)
	if def.then != nil {
		next = def.then(f)
	}
	if f.Jump == nil || next == f.Step || (f.Step != f.Jump.Through && next != confirmStep) {
		return next
	}
	f.Jump = nil
	if kind := formKinds[f.Kind]; kind.missing != nil {
		if step := kind.missing(r, f); step != "" {
			f.Jump = &jump{Through: step}
			return step
		}
	}
	return confirmStep
}

// back is where Back leads from the current question: the one before, or
// the summary from a field revisited from it.
func (r *request) back(f *form) string {
	if f.Jump != nil {
		f.Jump = nil
		return confirmStep
	}
	if prev := r.previous(f); prev != "" {
		return prev
	}
	return f.Step
}
