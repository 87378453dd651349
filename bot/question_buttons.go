package bot

func init() { onButton("q", (*request).onQuestionButton) }

// onQuestionButton takes a press on a question's card: "q:r:<id>" replies,
// "q:h:<id>" closes it as handled, "q:t:<id>" hands it over to another
// unit. The data is untrusted: the citizens service decides, for the one
// who pressed, whether the question may be seen and acted on, and a
// question one may not see is answered as not found.
func (r *request) onQuestionButton(p []string) {
	if r.cit == nil || len(p) != 2 {
		r.staleButton()
		return
	}
	qid := id(p, 1)
	switch p[0] {
	case "r":
		r.startQuestionForm(qid, "reply")
	case "t":
		r.startQuestionForm(qid, "hand_over")
	case "h":
		r.handleQuestion(qid)
	default:
		r.staleButton()
	}
}

// startQuestionForm begins the reply or hand-over form of a question in
// the presser's private chat (a card in a group is answered there: the
// group does not take forms), once the service says the question may be
// acted on (and, for a reply, that WeChat's window is open).
func (r *request) startQuestionForm(qid int64, kind string) {
	check := r.cit.MayAct
	if kind == "reply" {
		check = r.cit.MayReply
	}
	if _, err := check(r.ctx, r.member, qid); err != nil {
		r.fail(err)
		return
	}
	if !r.private {
		r.answer(tr(r.lang, "bot.question.go_private"), false)
		r.chat, r.private = r.from.ID, true
	} else {
		r.answer("", false)
	}
	f := &form{Kind: kind, Question: &questionForm{ID: qid}}
	if kind == "hand_over" {
		f.Question.To = &orgPick{}
	}
	r.startForm(f)
}

// handleQuestion closes a question as handled; its cards lose their
// buttons when the service's event redraws them.
func (r *request) handleQuestion(qid int64) {
	if _, err := r.cit.MayAct(r.ctx, r.member, qid); err != nil {
		r.fail(err)
		return
	}
	if _, err := r.cit.Handle(r.ctx, r.member, qid); err != nil {
		r.fail(err)
		return
	}
	r.answer(tr(r.lang, "bot.question.handled_toast", "id", qid), false)
}
