package govmedia

import (
	"embed"
	"encoding/json"
	"fmt"
	"strings"
)

// Language is a language the service speaks. Chinese is the default.
type Language string

// The languages texts are translated into.
const (
	Chinese Language = "zh"
	English Language = "en"
)

// Languages lists every language with a translation file, default first.
var Languages = []Language{Chinese, English}

// ParseLanguage maps a Telegram language_code or a locale name such as
// "en-US" or "zh_CN.UTF-8" to a Language, Chinese when unknown.
func ParseLanguage(code string) Language {
	if strings.HasPrefix(strings.ToLower(code), "en") {
		return English
	}
	return Chinese
}

//go:embed locales/*.json
var localeFiles embed.FS

var catalogs = loadCatalogs()

func loadCatalogs() map[Language]map[string]string {
	out := map[Language]map[string]string{}
	for _, lang := range Languages {
		raw, err := localeFiles.ReadFile("locales/" + string(lang) + ".json")
		if err != nil {
			panic(err)
		}
		texts := map[string]string{}
		if err := json.Unmarshal(raw, &texts); err != nil {
			panic(fmt.Sprintf("locales/%s.json: %v", lang, err))
		}
		out[lang] = texts
	}
	return out
}

// Print renders the text under key in lang, replacing each {name} with the
// value that follows name in args (key/value pairs, as slog takes them).
// A key missing from lang falls back to Chinese, then to the key itself.
func Print(lang Language, key string, args ...any) string {
	text, ok := catalogs[lang][key]
	if !ok {
		if text, ok = catalogs[Chinese][key]; !ok {
			return key
		}
	}
	if len(args) == 0 {
		return text
	}
	pairs := make([]string, 0, len(args))
	for i := 0; i+1 < len(args); i += 2 {
		pairs = append(pairs, "{"+fmt.Sprint(args[i])+"}", printValue(lang, args[i+1]))
	}
	return strings.NewReplacer(pairs...).Replace(text)
}

// Text is a message key used as a value inside another message: it is
// rendered in the same language as the message around it.
type Text string

func printValue(lang Language, v any) string {
	if t, ok := v.(Text); ok {
		return Print(lang, string(t))
	}
	return fmt.Sprint(v)
}

// HasText reports whether key has a text in lang.
func HasText(lang Language, key string) bool {
	_, ok := catalogs[lang][key]
	return ok
}

// TextKeys returns every key of lang's translation file.
func TextKeys(lang Language) []string {
	keys := make([]string, 0, len(catalogs[lang]))
	for k := range catalogs[lang] {
		keys = append(keys, k)
	}
	return keys
}
