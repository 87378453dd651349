package bot_test

import (
	"encoding/json"

	"govmedia/internal/secretscan"
)

// scanOutputs has every test on the world checked, when it ends, for a
// seeded secret in the bot's log, in what it sent to Telegram (texts,
// buttons' data, files) and in what it answered: the bot's token, the
// secret key, AppSecrets and tokens, and (outside the cards of those who
// may see them) phone numbers.
func (w *world) scanOutputs() {
	w.scan.Secret("bot token", w.tg.Token())
	w.scan.Secret("secret key", w.env.Key)
	w.scan.Secret("AppSecret", sampleAppSecret, newSecret)
	w.scan.Personal("phone", "13812345678", "13912345678")
	w.scan.Output("the bot's log", func() []string { return secretscan.Lines(w.logs.String()) })
	w.scan.OutputForMembers("the bot's Bot API calls", w.sentToTelegram)
}

// sampleAppSecret is the AppSecret of the publishing world's accounts.
const sampleAppSecret = "abababababababababababababababab"

// sentToTelegram is every parameter of every Bot API call the bot made,
// and the content of every file it sent.
func (w *world) sentToTelegram() []string {
	var out []string
	for _, c := range w.tg.Calls() {
		for _, v := range c.Params {
			out = append(out, v)
		}
		var res struct {
			Document *struct {
				FileID string `json:"file_id"`
			} `json:"document"`
		}
		if json.Unmarshal(c.Result, &res) == nil && res.Document != nil {
			if data, _, _, ok := w.tg.FileData(res.Document.FileID); ok {
				out = append(out, secretscan.FileText(data))
			}
		}
	}
	return out
}
