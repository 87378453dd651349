package govmedia

import (
	"embed"
	"encoding/json"
	"fmt"
	"io/fs"
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

// Translations are in locales/<language>/*.json, one file per part of the
// service (core.json, and one per domain as they come); a key may be in
// only one file of a language.
//
//go:embed locales/*/*.json
var localeFiles embed.FS

var catalogs = loadCatalogs()

func loadCatalogs() map[Language]map[string]string {
	out := map[Language]map[string]string{}
	for _, lang := range Languages {
		files, err := fs.Glob(localeFiles, "locales/"+string(lang)+"/*.json")
		if err != nil || len(files) == 0 {
			panic(fmt.Sprintf("locales/%s: no translation files", lang))
		}
		texts, from := map[string]string{}, map[string]string{}
		for _, name := range files {
			loadLocaleFile(name, texts, from)
		}
		out[lang] = texts
	}
	return out
}

// loadLocaleFile adds one file's texts, refusing a key another file has.
func loadLocaleFile(name string, texts, from map[string]string) {
	raw, err := localeFiles.ReadFile(name)
	if err != nil {
		panic(err)
	}
	file := map[string]string{}
	if err := json.Unmarshal(raw, &file); err != nil {
		panic(fmt.Sprintf("%s: %v", name, err))
	}
	for k, v := range file {
		if other, dup := from[k]; dup {
			panic(fmt.Sprintf("%s: key %q is also in %s", name, k, other))
		}
		texts[k], from[k] = v, name
	}
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

// Localized is a value that renders itself in a language, such as an
// *Error or a list of problems inside another message.
type Localized interface{ Message(Language) string }

func printValue(lang Language, v any) string {
	switch t := v.(type) {
	case Text:
		return Print(lang, string(t))
	case Localized:
		return t.Message(lang)
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
