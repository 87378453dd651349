package bot

import (
	"strings"

	"govmedia"
)

// questionForm holds the answers of a form about a citizen's question:
// the reply typed, or the unit it is handed over to.
type questionForm struct {
	ID   int64    `json:"id"`
	Text string   `json:"text,omitempty"` // reply
	To   *orgPick `json:"to,omitempty"`   // hand_over
}

func init() {
	formKinds["reply"] = &formKind{
		steps: func(*request, *form) []string { return []string{"text"} },
		defs: map[string]stepDef{
			"text": {prompt: askReply, label: "field.q_reply", accept: acceptReply},
		},
		summary: replySummary,
		finish:  finishReply,
	}
}

// askReply shows what the citizen wrote last, and asks for the reply.
func askReply(r *request, f *form) string {
	text := tr(r.lang, "bot.question.ask_reply", "id", f.Question.ID)
	if q, err := r.cit.QuestionFor(r.ctx, r.member, f.Question.ID); err == nil {
		text += "\n" + tr(r.lang, "bot.question.last_asked", "alias", citizenAlias(r.lang, q), "text", cutRunes(lastFromCitizen(q), cardMessageRunes))
	}
	if f.Question.Text != "" {
		text += "\n" + tr(r.lang, "bot.form.current", "value", f.Question.Text)
	}
	return text
}

func acceptReply(_ *request, f *form, a answer) error {
	text := strings.TrimSpace(a.Text)
	if text == "" {
		return govmedia.Errorf(govmedia.EINVALID, "bot.form.required")
	}
	f.Question.Text = text
	return nil
}

func replySummary(r *request, f *form) (string, error) {
	q, err := r.cit.QuestionFor(r.ctx, r.member, f.Question.ID)
	if err != nil {
		return "", err
	}
	return tr(r.lang, "bot.question.reply_summary", "id", q.ID, "alias", citizenAlias(r.lang, q), "text", f.Question.Text), nil
}

// finishReply hands the reply to the citizens service, which sends it as a
// WeChat customer-service message and tells the operator how it went. A
// reply WeChat's window no longer takes ends the form: there is nothing to
// fix in it, only to wait for the citizen.
func finishReply(r *request, f *form) error {
	_, err := r.cit.Reply(r.ctx, r.member, f.Question.ID, f.Question.Text)
	if govmedia.ErrorCode(err) == govmedia.ECONFLICT || govmedia.ErrorCode(err) == govmedia.ENOTFOUND {
		r.closePrompt(f, tr(r.lang, "bot.question.not_sent_mark"))
		r.say(errorText(r.lang, err), nil)
		return nil
	}
	if err != nil {
		return err
	}
	r.say(tr(r.lang, "bot.question.reply_queued", "id", f.Question.ID), nil)
	return nil
}
