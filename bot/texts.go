package bot

import (
	"fmt"
	"html"

	"govmedia"
)

// rawHTML is text already in Telegram's HTML: tr inserts it unescaped.
type rawHTML string

// tr renders the message under key in lang as Telegram HTML: every value
// is escaped, except message keys (govmedia.Text) and rawHTML.
func tr(lang govmedia.Language, key string, args ...any) string {
	safe := make([]any, len(args))
	for i, a := range args {
		switch v := a.(type) {
		case govmedia.Text:
			safe[i] = rawHTML(govmedia.Print(lang, string(v)))
		case rawHTML:
			safe[i] = v
		default:
			if i%2 == 1 {
				safe[i] = rawHTML(html.EscapeString(fmt.Sprint(v)))
			} else {
				safe[i] = v
			}
		}
	}
	return govmedia.Print(lang, key, safe...)
}

// esc escapes a user-given value for Telegram HTML.
func esc(s string) string { return html.EscapeString(s) }

// errorText renders an error for a chat, in the user's language.
func errorText(lang govmedia.Language, err error) string {
	return "⚠️ " + esc(govmedia.ErrorMessage(lang, err))
}
