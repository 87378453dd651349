package bot_test

import (
	"strings"
	"testing"
)

func TestAPanicIsAnsweredAndTheBotGoesOn(t *testing.T) {
	t.Parallel()
	w := newWorld(t, worldOpts{})
	w.say(w.operator, "/boom")
	w.expect(w.operator.id, "出了点问题，没有做任何更改")
	w.say(w.operator, "/help")
	w.expect(w.operator.id, "/apply")
	if logs := w.logs.String(); !strings.Contains(logs, "bot handler panicked") || strings.Contains(logs, "13987654321") {
		t.Fatalf("the panic was not logged, or its value (with a phone number) was:\n%s", logs)
	}
}
