package bot

import (
	"govmedia/citizens"
)

func init() {
	formKinds["hand_over"] = &formKind{
		steps: func(*request, *form) []string { return []string{"unit"} },
		defs: map[string]stepDef{
			"unit": orgPickerDef("bot.question.ask_unit", "field.q_unit", func(f *form) *orgPick { return f.Question.To },
				func(r *request) string { return citizens.HandOverScope(r.ctx, r.db, r.member) }),
		},
		summary: handOverSummary,
		finish:  finishHandOver,
	}
}

func handOverSummary(r *request, f *form) (string, error) {
	return tr(r.lang, "bot.question.hand_over_summary", "id", f.Question.ID, "org", r.officeName(r.ctx, f.Question.To.Chosen)), nil
}

// finishHandOver gives the question to the unit picked; the service's
// event posts its card there and marks the cards here handed over.
func finishHandOver(r *request, f *form) error {
	q, err := r.cit.HandOver(r.ctx, r.member, f.Question.ID, f.Question.To.Chosen)
	if err != nil {
		return err
	}
	r.say(tr(r.lang, "bot.question.handed_over_done", "id", q.ID, "org", r.officeName(r.ctx, q.OrgCode)), nil)
	return nil
}
