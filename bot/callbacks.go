package bot

import (
	"strconv"
	"strings"
)

// callbackHandlers handle button presses by the prefix of their data. Data
// carries ids only (Telegram allows 64 bytes): "d:a:<step>" approves a step.
var callbackHandlers = map[string]func(*request, []string){
	"f":   func(r *request, _ []string) { r.onFormButton(r.u.CallbackQuery.Data) },
	"ap":  func(r *request, p []string) { r.onApplyButton(p[0]) },
	"ac":  (*request).onAccountChosen,
	"d":   (*request).onDecisionButton,
	"i":   (*request).onDetailsButton,
	"w":   (*request).onWithdrawButton,
	"e":   (*request).onReviseButton,
	"b":   (*request).onBindButton,
	"pg":  (*request).onPendingPage,
	"mr":  (*request).onRevokeButton,
	"rt":  (*request).onRetryButton,
	"my":  (*request).onMyPage,
	"x":   (*request).onKeep,
	"pc":  (*request).onPendingCard,
	"acc": (*request).onAccountButton,
	"mn":  (*request).onMenuButton,
	"ms":  (*request).onMenuSet,
}

// onCallback routes a button press. Unbound users get a refusal.
func (r *request) onCallback() {
	data := r.u.CallbackQuery.Data
	prefix, rest, _ := strings.Cut(data, ":")
	if r.member == nil {
		r.unbound()
		return
	}
	h, ok := callbackHandlers[prefix]
	if !ok {
		r.staleButton()
		return
	}
	h(r, strings.Split(rest, ":"))
}

// id parses the i-th id of a button's data; 0 when malformed.
func id(parts []string, i int) int64 {
	if i >= len(parts) {
		return 0
	}
	n, _ := strconv.ParseInt(parts[i], 10, 64)
	return n
}

// onButton adds the handler of a button verb; a verb taken twice is a
// mistake found at start-up, not a button silently answered by another.
func onButton(verb string, h func(*request, []string)) {
	if _, taken := callbackHandlers[verb]; taken {
		panic("bot: the button verb " + verb + " is registered twice")
	}
	callbackHandlers[verb] = h
}

// onCommand adds the handler of a private-chat command, once.
func onCommand(name string, h func(*request, []string)) {
	if _, taken := commandHandlers[name]; taken {
		panic("bot: the command /" + name + " is registered twice")
	}
	commandHandlers[name] = h
}
