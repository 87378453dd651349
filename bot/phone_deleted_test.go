package bot_test

import (
	"strings"
	"testing"
)

// TestATypedPhoneIsDeletedFromTheChat: the phone a clerk types into the
// form is deleted from the chat once it is stored sealed, as the prompt
// promises; nothing left in the chat shows it in full.
func TestATypedPhoneIsDeletedFromTheChat(t *testing.T) {
	t.Parallel()
	w := newWorld(t, worldOpts{})
	w.fillOpenForm(w.operator, "五华教育")
	v, err := w.tg.View(w.operator.id)
	if err != nil {
		t.Fatal(err)
	}
	typed := false
	for _, m := range v.Messages {
		if m.FromBot || !strings.Contains(m.Text, "8765") {
			continue
		}
		typed = true
		if !m.Deleted {
			t.Errorf("the phone the clerk typed is still in the chat: %q", m.Text)
		}
	}
	if !typed {
		t.Fatal("the typed phone is not in the stand-in's history at all: the test reads the wrong chat")
	}
	for _, m := range v.Messages {
		if !m.Deleted && strings.Contains(strings.ReplaceAll(m.Text, " ", ""), "13987654321") {
			t.Errorf("a message left in the chat shows the phone in full: %q", m.Text)
		}
	}
}
