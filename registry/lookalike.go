package registry

import (
	"context"
	"slices"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/longbridgeapp/opencc"
	"github.com/uptrace/bun"
)

// An impostor takes an official account's name and changes what a reader
// glosses over: traditional characters (五華發布 for 五华发布), a space or
// a dot (五华 发布, 五华·发布), or a word that sounds official added at
// either end (五华发布官方, 官方五华发布, 五华发布平台). lookalikeKey
// undoes all three, so that the official name and its imitation fold to
// the same key.

// addedWords are what impostors add to an official name, longest first so
// that 官方平台 goes whole and not as 平台 then 官方.
var addedWords = []string{
	"官方服务平台", "官方账号", "官方平台", "服务平台", "官方微博", "官方微信",
	"微信公众号", "公众平台", "官方号", "公众号", "服务号", "订阅号", "视频号", "头条号", "抖音号",
	"官方", "平台", "官微", "官博", "账号", "微信", "微博", "认证", "正版", "在线", "频道", "客户端",
}

// simplified converts traditional characters to simplified ones, with
// OpenCC's dictionaries (characters and the phrases whose conversion
// differs from their characters').
var simplified = sync.OnceValues(func() (*opencc.OpenCC, error) { return opencc.New("t2s") })

// toSimplified is s in simplified characters; s itself if the
// dictionaries could not be loaded (they are embedded, so only a broken
// build fails here, and the rest of the key still catches spaces and
// added words).
func toSimplified(s string) string {
	cc, err := simplified()
	if err != nil {
		return s
	}
	out, err := cc.Convert(s)
	if err != nil {
		return s
	}
	return out
}

// lookalikeKey folds a name as an impostor's reader sees it (see above):
// simplified characters, ASCII for full-width letters and digits, lower
// case, no spaces, punctuation, symbols or invisible characters, and no
// added words at either end.
func lookalikeKey(name string) string {
	var b strings.Builder
	for _, r := range toSimplified(name) {
		r = unicode.ToLower(narrow(r))
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(r)
		}
	}
	return trimAddedWords(b.String())
}

// trimAddedWords takes added words off both ends of a key, as long as a
// name of two characters or more is left that is not an added word
// itself (官方平台 stays whole).
func trimAddedWords(k string) string {
	keeps := func(rest string) bool { return utf8.RuneCountInString(rest) >= 2 && !slices.Contains(addedWords, rest) }
	for trimmed := true; trimmed; {
		trimmed = false
		for _, w := range addedWords {
			if rest, ok := strings.CutSuffix(k, w); ok && keeps(rest) {
				k, trimmed = rest, true
			}
			if rest, ok := strings.CutPrefix(k, w); ok && keeps(rest) {
				k, trimmed = rest, true
			}
		}
	}
	return k
}

// imitated lists the official accounts (active, or in their closing
// notice) whose name q imitates: it folds to the same key as theirs,
// while not being their name.
func imitated(ctx context.Context, db bun.IDB, q string) ([]PublicAccount, error) {
	key := lookalikeKey(q)
	if utf8.RuneCountInString(key) < 2 {
		return nil, nil
	}
	var candidates []PublicAccount
	err := db.NewSelect().TableExpr("accounts AS a").Join("JOIN orgs AS o ON o.code = a.host_org").
		ColumnExpr(publicColumns).
		Where("lower(a.name) IN (?) AND a.state IN (?)", bun.List(namesKeyedAs(key)), bun.List([]State{Active, Closing})).
		OrderExpr("a.id").Limit(20).Scan(ctx, &candidates)
	if err != nil {
		return nil, err
	}
	var out []PublicAccount
	for _, c := range candidates {
		if c.Name != q && lookalikeKey(c.Name) == key {
			out = append(out, c)
		}
	}
	return out, nil
}

// namesKeyedAs are the names, as registered, that fold to key: key
// itself, and key with an added word before or after it. A registered
// name is in simplified characters and has no stray spaces (see
// foldText), so these are the official names an impostor's key can
// stand for; each is looked up exactly, in the index of lowered names,
// however common the key's characters are.
func namesKeyedAs(key string) []string {
	names := make([]string, 0, 1+2*len(addedWords))
	names = append(names, key)
	for _, w := range addedWords {
		names = append(names, w+key, key+w)
	}
	return names
}
