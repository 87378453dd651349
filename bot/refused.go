package bot

import (
	"strings"

	"govmedia"
)

// refused logs that the bot turned a request down, with what was asked (a
// command's name or a button's verb, never its arguments) and why (an
// error code, "unbound" or "stale"). Operators watch these for forged
// presses; the authorisation matrix test reads them to tell a refusal
// from a request served.
func (r *request) refused(why string) {
	member := int64(0)
	if r.member != nil {
		member = r.member.ID
	}
	r.log.Info("bot refused", "action", r.action(), "why", why, "member", member)
}

// action names what the request asked for: "/cmd" or a button's verb.
func (r *request) action() string {
	if q := r.u.CallbackQuery; q != nil {
		verb, _, _ := strings.Cut(q.Data, ":")
		return verb + ":"
	}
	if r.u.Message != nil {
		if name, _ := command(r.u.Message.Text); name != "" {
			return "/" + name
		}
	}
	return "text"
}

// staleButton answers a press whose data no longer (or never) names
// something the bot can act on.
func (r *request) staleButton() {
	r.refused("stale")
	r.answer(tr(r.lang, "bot.stale_button"), true)
}

// unbound tells a sender who is bound to no org that they must be invited.
func (r *request) unbound() {
	r.refused("unbound")
	if r.u.CallbackQuery != nil {
		r.answer(tr(r.lang, "bot.unbound_short"), true)
		return
	}
	r.say(tr(r.lang, "bot.unbound"), nil)
}

// refusedError logs a failure that is the requester's, not the service's.
func (r *request) refusedError(err error) {
	if code := govmedia.ErrorCode(err); code != govmedia.EINTERNAL {
		r.refused(code)
	}
}
