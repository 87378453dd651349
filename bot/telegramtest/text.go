package telegramtest

import (
	"strings"
	"unicode/utf16"
)

// utf16Len counts UTF-16 code units, the unit of entity offsets.
func utf16Len(s string) int {
	n := 0
	for _, r := range s {
		n += utf16.RuneLen(r)
	}
	return n
}

// commandEntities marks a command at the start of a user's text, as
// Telegram marks "/start" in "/start CODE" or "/help@some_bot".
func commandEntities(text string) []MessageEntity {
	cmd, ok := leadingCommand(text)
	if !ok {
		return nil
	}
	return []MessageEntity{{Type: "bot_command", Offset: 0, Length: utf16Len(cmd)}}
}

// leadingCommand returns the "/command" or "/command@bot" that text starts
// with.
func leadingCommand(text string) (string, bool) {
	if !strings.HasPrefix(text, "/") {
		return "", false
	}
	n := 1 + spanWord(text[1:])
	if n == 1 || n > 65 {
		return "", false
	}
	if n < len(text) && text[n] == '@' {
		if m := spanWord(text[n+1:]); m > 0 {
			n += 1 + m
		}
	}
	return text[:n], true
}

// spanWord is the length of the leading run of letters, digits and
// underscores (ASCII), the characters of commands and usernames.
func spanWord(s string) int {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c == '_' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z') {
			return i
		}
	}
	return len(s)
}

// cutAt splits "/cmd@bot" into "/cmd" and "bot".
func cutAt(cmd string) (name, to string, addressed bool) {
	return strings.Cut(cmd, "@")
}

// equalFold compares usernames, which ignore case.
func equalFold(a, b string) bool { return strings.EqualFold(a, b) }
