package bot_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"strings"
	"testing"
)

// TestWebhookSecretIsComparedInConstantTime reads the bot's source: the
// webhook's secret token must be compared with subtle.ConstantTimeCompare,
// never with == or != (whose time tells an attacker how much of a guess
// was right). A timing measurement over HTTP could not show it reliably.
func TestWebhookSecretIsComparedInConstantTime(t *testing.T) {
	files, _ := filepath.Glob("*.go")
	fset := token.NewFileSet()
	found := false
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range f.Decls {
			fn, ok := d.(*ast.FuncDecl)
			if !ok || fn.Name.Name != "WebhookHandler" {
				continue
			}
			found = true
			constant := false
			ast.Inspect(fn, func(n ast.Node) bool {
				switch e := n.(type) {
				case *ast.CallExpr:
					constant = constant || isConstantTime(e)
				case *ast.BinaryExpr:
					if (e.Op == token.EQL || e.Op == token.NEQ) && !isConstantTime(e.X) && !isConstantTime(e.Y) &&
						(mentionsSecret(e.X) || mentionsSecret(e.Y)) {
						t.Errorf("%s: the webhook secret is compared with %s", fset.Position(e.Pos()), e.Op)
					}
				}
				return true
			})
			if !constant {
				t.Errorf("%s: WebhookHandler does not use subtle.ConstantTimeCompare", fset.Position(fn.Pos()))
			}
		}
	}
	if !found {
		t.Fatal("no WebhookHandler in the bot's source: the check is broken")
	}
}

// mentionsSecret reports whether an expression reads the secret or the
// header that carries it.
func mentionsSecret(e ast.Expr) bool {
	hit := false
	ast.Inspect(e, func(n ast.Node) bool {
		switch v := n.(type) {
		case *ast.Ident:
			hit = hit || strings.Contains(strings.ToLower(v.Name), "secret")
		case *ast.BasicLit:
			hit = hit || strings.Contains(v.Value, "Secret-Token")
		}
		return true
	})
	return hit
}

// isConstantTime reports whether e is a call of subtle.ConstantTimeCompare.
func isConstantTime(e ast.Expr) bool {
	call, ok := e.(*ast.CallExpr)
	if !ok {
		return false
	}
	sel, ok := call.Fun.(*ast.SelectorExpr)
	return ok && sel.Sel.Name == "ConstantTimeCompare"
}
