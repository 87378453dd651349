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
// names literally (Errorf, Print, Text) and checks both translation files
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
			if !govmedia.HasText(lang, key) {
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

// collectKeys records the literal keys passed to the message functions.
func collectKeys(path string, keys map[string]string) error {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, path, nil, 0)
	if err != nil {
		return err
	}
	argOf := map[string]int{"Errorf": 1, "Print": 1, "Text": 0}
	ast.Inspect(f, func(n ast.Node) bool {
		call, ok := n.(*ast.CallExpr)
		if !ok {
			return true
		}
		sel, ok := call.Fun.(*ast.SelectorExpr)
		if !ok {
			return true
		}
		i, ok := argOf[sel.Sel.Name]
		if !ok || len(call.Args) <= i {
			return true
		}
		if lit, ok := call.Args[i].(*ast.BasicLit); ok && lit.Kind == token.STRING {
			if key, err := strconv.Unquote(lit.Value); err == nil && strings.Contains(key, ".") {
				keys[key] = fset.Position(lit.Pos()).String()
			}
		}
		return true
	})
	return nil
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
