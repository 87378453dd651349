package govmedia_test

import (
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"

	"govmedia"
)

// What a Chinese text may hold besides Chinese: the codes people type or
// read on the platforms (AppID, gh_…), file kinds, units, product names.
var latinAllowed = []string{"AppID", "AppSecret", "Token", "EncodingAESKey", "ID", "IP", "wx", "gh_", "JPG", "PNG", "PDF", "OFD",
	"Word", "WPS", "Excel", "CSV", "TXT", "ZIP", "HTML", "Markdown", "MB", "KB", "GB18030", "UTF-8", "LibreOffice", "Telegram",
	"xlsx", "csv", "json", "html", "htm", "md", "txt", "docx", "doc", "y", "N", "govmedia", "PostgreSQL", "base64", "http", "https"}

// latinCodes are the codes a command-line argument or an imported file
// takes, which the texts explaining them must name.
var latinCodes = map[string][]string{
	"member.role_invalid":        {"operator", "reviewer", "approver", "guide", "admin"},
	"org.kind_invalid":           {"government", "office", "department"},
	"org.level_invalid":          {"city", "county", "township"},
	"publication.mode_invalid":   {"publish", "broadcast"},
	"publication.format_invalid": {"html", "markdown", "text"},
	"export.format_invalid":      {"csv", "xlsx"},
	"oversight.bad_quarter":      {"Q", "Q3"}, // a quarter as the command line takes it: 2026Q3
	// a link to the page in the other language names it in that language
	"catalog_pages.other_language": {"English"},
}

// jargon are words a clerk should not have to know, and words used for a
// thing this service calls otherwise (单位, never 组织).
var jargon = []string{"十六进制", "字节", "回调", "组织"}

// jargonAllowed are the phrases that hold a jargon word in another sense.
var jargonAllowed = []string{"同步组织"}

var (
	sampleNumbers = strings.Fields("id count n days hours max limit number round version done total failed skipped pending from to " +
		"page pages entries seq row chars items added changed removed moved year size seconds app base attachments last current " +
		"created updated unchanged changes first want got step round successor blocked sensitive corrections hosts rows")
	sampleTimes = strings.Fields("at until due since date")
	sampleCodes = strings.Fields("code appid value link bot path fingerprint key ip src format status message url uid original_id " +
		"app_id login file given expected header headers numbers bound flag synopsis verb paths")
	// codesIn are placeholders that hold a code in the texts of some keys
	// (a migration's name, a parameter's, a level's) and a name elsewhere.
	codesIn = map[string][]string{"migrate.": {"name", "expected"}, "web.": {"name"}, "org.level_mismatch": {"want", "level"},
		"content.found.": {"at", "found"}, "config.": {"name"},
		"bot.card.revised_targets": {"old", "new"}}
)

// sampleValue is what a placeholder of key is rendered with: a number, a
// time, a code, or else a Chinese name.
func sampleValue(key, name string) string {
	for prefix, names := range codesIn {
		if strings.HasPrefix(key, prefix) && slices.Contains(names, name) {
			return "12345"
		}
	}
	switch {
	case slices.Contains(sampleNumbers, name):
		return "3"
	case slices.Contains(sampleTimes, name):
		return "2026-12-01 09:00"
	case slices.Contains(sampleCodes, name):
		return "12345"
	}
	return "五华区教育体育局"
}

var (
	placeholder = regexp.MustCompile(`\{([a-z_]+)\}`)
	// what is not prose: tags, addresses, commands, handles, flags,
	// variables and the command line's own commands.
	code, tags = regexp.MustCompile("`[^`]*`"), regexp.MustCompile(`<[^>]*>`)
	notProse   = []*regexp.Regexp{code, regexp.MustCompile(`[a-z]+://\S*`), tags,
		regexp.MustCompile(`(^|[^\w])/[a-z_]+`), regexp.MustCompile(`@\w+`), regexp.MustCompile(`--[a-z-]+`),
		regexp.MustCompile(`\b[A-Z][A-Z0-9_]{3,}\b`), regexp.MustCompile(`govmedia( [a-z-]+)+`)}
	latinWord    = regexp.MustCompile(`[A-Za-z][A-Za-z0-9_+./-]*`)
	strayHanGap  = regexp.MustCompile(`\p{Han}[ \t]+\p{Han}`)
	renderedKeys = func() []string {
		keys := govmedia.TextKeys(govmedia.Chinese)
		sort.Strings(keys)
		return keys
	}()
)

// renderChinese renders a Chinese text with a sample value for each of its
// placeholders.
func renderChinese(key string) string {
	text := govmedia.Print(govmedia.Chinese, key)
	return placeholder.ReplaceAllStringFunc(text, func(m string) string { return sampleValue(key, m[1:len(m)-1]) })
}

// TestChineseTextsHaveNoEnglish renders every Chinese text with sample
// values and finds no Latin word in it but the codes people meet on the
// platforms and the codes a command takes: a Chinese button or message is
// Chinese only, and English is the other language's file.
func TestChineseTextsHaveNoEnglish(t *testing.T) {
	for _, key := range renderedKeys {
		text := renderChinese(key)
		for _, re := range notProse {
			text = re.ReplaceAllString(text, " ")
		}
		for _, w := range strings.FieldsFunc(strings.Join(latinWord.FindAllString(text, -1), " "), func(r rune) bool { return r == ' ' || r == '/' }) {
			w = strings.TrimRight(w, ".")
			if !slices.Contains(latinAllowed, w) && !slices.Contains(latinCodes[key], w) && !strings.HasPrefix(w, "gh_") {
				t.Errorf("%s: the Chinese text holds the Latin word %q:\n%s", key, w, renderChinese(key))
			}
		}
	}
}

// TestChineseTextsHaveNoStraySpaces renders every Chinese text with
// Chinese names for its placeholders and finds no space between two
// Chinese characters ("在 五华区人民政府办公室 处理中").
func TestChineseTextsHaveNoStraySpaces(t *testing.T) {
	for _, key := range renderedKeys {
		text := renderChinese(key)
		text = tags.ReplaceAllString(code.ReplaceAllString(text, "x"), "")
		if gap := strayHanGap.FindString(text); gap != "" {
			t.Errorf("%s: a space between Chinese characters (%q):\n%s", key, gap, text)
		}
	}
}

// TestChineseTextsSpeakPlainly finds no jargon a clerk would not know
// (十六进制, 字节) and no second word for a thing: units are 单位.
func TestChineseTextsSpeakPlainly(t *testing.T) {
	for _, key := range renderedKeys {
		text := govmedia.Print(govmedia.Chinese, key)
		for _, ok := range jargonAllowed {
			text = strings.ReplaceAll(text, ok, "")
		}
		for _, w := range jargon {
			if strings.Contains(text, w) {
				t.Errorf("%s: %q is not a word for the clerk:\n%s", key, w, govmedia.Print(govmedia.Chinese, key))
			}
		}
	}
}
