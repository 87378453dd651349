package govmedia_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"govmedia"
)

// TestEveryMessageKeyHasBothLanguages finds every message key the code
// names literally (Errorf, Print, Text, the bot's tr) and checks both translation files
// have it, and that the two files hold the same keys.
func TestEveryMessageKeyHasBothLanguages(t *testing.T) {
	keys := map[string]string{}
	err := filepath.WalkDir(".", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return err
		}
		return collectKeys(path, keys)
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(keys) < 50 {
		t.Fatalf("found only %d message keys: the scan is broken", len(keys))
	}
	for key, where := range keys {
		for _, lang := range govmedia.Languages {
			if !hasKey(lang, key) {
				t.Errorf("%s: message %q has no %s text", where, key, lang)
			}
		}
	}
	for _, key := range govmedia.TextKeys(govmedia.Chinese) {
		if !govmedia.HasText(govmedia.English, key) {
			t.Errorf("%q has Chinese but no English", key)
		}
	}
	for _, key := range govmedia.TextKeys(govmedia.English) {
		if !govmedia.HasText(govmedia.Chinese, key) {
			t.Errorf("%q has English but no Chinese", key)
		}
	}
}

// collectKeys records the literal keys passed to the message functions
// (govmedia's Errorf, Print and Text, and the bot's tr), and the literal
// prefix of a key built from parts ("bot.help." + role), marked by a
// trailing "*".
func collectKeys(path string, keys map[string]string) error {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, path, nil, 0)
	if err != nil {
		return err
	}
	argOf := map[string]int{"Errorf": 1, "Print": 1, "Text": 0, "tr": 1}
	ast.Inspect(f, func(n ast.Node) bool {
		call, ok := n.(*ast.CallExpr)
		if !ok {
			return true
		}
		i, ok := argOf[calleeName(call.Fun)]
		if !ok || len(call.Args) <= i {
			return true
		}
		if key, pos, ok := literalKey(call.Args[i]); ok && strings.Contains(key, ".") {
			keys[key] = fset.Position(pos).String()
		}
		return true
	})
	return nil
}

func calleeName(fun ast.Expr) string {
	switch f := fun.(type) {
	case *ast.SelectorExpr:
		return f.Sel.Name
	case *ast.Ident:
		return f.Name
	}
	return ""
}

// literalKey returns a literal key, or a literal prefix with "*" appended.
func literalKey(arg ast.Expr) (string, token.Pos, bool) {
	prefix := false
	if bin, ok := arg.(*ast.BinaryExpr); ok && bin.Op == token.ADD {
		arg, prefix = bin.X, true
	}
	lit, ok := arg.(*ast.BasicLit)
	if !ok || lit.Kind != token.STRING {
		return "", 0, false
	}
	key, err := strconv.Unquote(lit.Value)
	if err != nil {
		return "", 0, false
	}
	if prefix {
		key += "*"
	}
	return key, lit.Pos(), true
}

// hasKey reports whether lang has key, or for "prefix*" a key with prefix.
func hasKey(lang govmedia.Language, key string) bool {
	prefix, ok := strings.CutSuffix(key, "*")
	if !ok {
		return govmedia.HasText(lang, key)
	}
	for _, k := range govmedia.TextKeys(lang) {
		if strings.HasPrefix(k, prefix) {
			return true
		}
	}
	return false
}

func TestPrintFillsPlaceholdersAndNestedTexts(t *testing.T) {
	got := govmedia.Print(govmedia.English, "account.wrong_state", "name", "五华教育", "state", govmedia.Text("state.closing"))
	if got != `account "五华教育" is closing; this cannot be done now` {
		t.Fatalf("got %q", got)
	}
	if zh := govmedia.Print(govmedia.Chinese, "state.closing"); zh != "关停中" {
		t.Fatalf("got %q", zh)
	}
}
