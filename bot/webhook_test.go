package bot_test

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

func TestWebhookModeAnswersAndRefusesAWrongSecret(t *testing.T) {
	t.Parallel()
	var w *world
	srv := httptest.NewServer(http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		w.bot.WebhookHandler().ServeHTTP(rw, r)
	}))
	defer srv.Close()
	w = newWorld(t, worldOpts{webhook: srv.URL + "/telegram/webhook"})
	w.say(w.operator, "/help")
	w.expect(w.operator.id, "/apply")

	update := `{"update_id":999,"message":{"message_id":1,"date":1,"chat":{"id":2002,"type":"private"},"from":{"id":2002,"is_bot":false,"first_name":"x"},"text":"/my"}}`
	for _, secret := range []string{"", "wrong"} {
		req, _ := http.NewRequest("POST", srv.URL+"/telegram/webhook", bytes.NewBufferString(update))
		if secret != "" {
			req.Header.Set("X-Telegram-Bot-Api-Secret-Token", secret)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusUnauthorized {
			t.Fatalf("an update with secret %q got %d, want 401", secret, resp.StatusCode)
		}
	}
	for _, m := range w.botMessages(w.operator.id) {
		if strings.Contains(m, "还没有提交过申请") {
			t.Fatal("a forged update was handled")
		}
	}
}
