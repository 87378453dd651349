package deploy

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
)

// envRead is a place where the code reads an environment variable.
type envRead struct {
	name string
	at   string // file:line, relative to the repository
}

// envReads finds every environment variable the module's code (tests
// excepted) reads: os.Getenv, os.LookupEnv and syscall.Getenv with a
// string literal or a string constant of the module, and calls of a
// function that passes one of its parameters to them (envOr("LANG", …)).
// A read whose name cannot be told is an error, so that none goes unseen.
func envReads(root string) ([]envRead, error) {
	pkgs, err := parseModule(root)
	if err != nil {
		return nil, err
	}
	consts := stringConsts(pkgs)
	var reads []envRead
	for _, p := range pkgs {
		readers := envReaders(p)
		for _, f := range p.files {
			var bad error
			ast.Inspect(f, func(n ast.Node) bool {
				call, ok := n.(*ast.CallExpr)
				if !ok || bad != nil {
					return bad == nil
				}
				arg, ok := readerArg(call, readers)
				if !ok {
					return true
				}
				at := p.position(root, call.Pos())
				if name, ok := constString(arg, p.name, consts); ok {
					reads = append(reads, envRead{name: name, at: at})
				} else if !p.isParam(call, arg) {
					bad = fmt.Errorf("%s: reads an environment variable whose name is not a constant", at)
				}
				return true
			})
			if bad != nil {
				return nil, bad
			}
		}
	}
	sort.Slice(reads, func(i, j int) bool { return reads[i].name+reads[i].at < reads[j].name+reads[j].at })
	return reads, nil
}

// goPackage is one folder's non-test Go files.
type goPackage struct {
	dir, name string
	fset      *token.FileSet
	files     []*ast.File
	params    map[token.Pos]bool // where each function parameter is declared
}

func parseModule(root string) ([]*goPackage, error) {
	byDir := map[string]*goPackage{}
	fset := token.NewFileSet()
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			rel, _ := filepath.Rel(root, path)
			if n := d.Name(); n == "testdata" || (rel != "." && strings.HasPrefix(n, ".")) || rel == "data" || rel == "artefacts" {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		f, err := parser.ParseFile(fset, path, nil, parser.SkipObjectResolution)
		if err != nil {
			return err
		}
		dir := filepath.Dir(path)
		if byDir[dir] == nil {
			byDir[dir] = &goPackage{dir: dir, name: f.Name.Name, fset: fset, params: map[token.Pos]bool{}}
		}
		byDir[dir].files = append(byDir[dir].files, f)
		return nil
	})
	var out []*goPackage
	for _, p := range byDir {
		p.collectParams()
		out = append(out, p)
	}
	return out, err
}

func (p *goPackage) collectParams() {
	for _, f := range p.files {
		ast.Inspect(f, func(n ast.Node) bool {
			if ft, ok := n.(*ast.FuncType); ok && ft.Params != nil {
				for _, field := range ft.Params.List {
					for _, id := range field.Names {
						p.params[id.Pos()] = true
					}
				}
			}
			return true
		})
	}
}

func (p *goPackage) position(root string, pos token.Pos) string {
	at := p.fset.Position(pos)
	rel, err := filepath.Rel(root, at.Filename)
	if err != nil {
		rel = at.Filename
	}
	return fmt.Sprintf("%s:%d", filepath.ToSlash(rel), at.Line)
}

// isParam reports whether arg is a parameter of the function around call
// (the read of a function such as envOr, whose callers name the variable).
func (p *goPackage) isParam(call *ast.CallExpr, arg ast.Expr) bool {
	id, ok := arg.(*ast.Ident)
	if !ok {
		return false
	}
	for _, f := range p.files {
		if f.Pos() > call.Pos() || call.Pos() > f.End() {
			continue
		}
		for _, decl := range f.Decls {
			fn, ok := decl.(*ast.FuncDecl)
			if !ok || fn.Pos() > call.Pos() || call.Pos() > fn.End() {
				continue
			}
			for _, field := range fn.Type.Params.List {
				for _, name := range field.Names {
					if name.Name == id.Name && p.params[name.Pos()] {
						return true
					}
				}
			}
		}
	}
	return false
}

// envReaders maps each function of the package that reads the variable
// one of its parameters names to that parameter's index, beside the
// standard library's readers (keyed "os.Getenv").
func envReaders(p *goPackage) map[string]int {
	readers := map[string]int{"os.Getenv": 0, "os.LookupEnv": 0, "syscall.Getenv": 0}
	for changed := true; changed; {
		changed = false
		for _, f := range p.files {
			for _, decl := range f.Decls {
				fn, ok := decl.(*ast.FuncDecl)
				if !ok || fn.Recv != nil || fn.Body == nil {
					continue
				}
				if _, known := readers[fn.Name.Name]; known {
					continue
				}
				if i := readsParam(fn, readers); i >= 0 {
					readers[fn.Name.Name] = i
					changed = true
				}
			}
		}
	}
	return readers
}

// readsParam returns the index of fn's parameter it passes to a reader,
// -1 when none.
func readsParam(fn *ast.FuncDecl, readers map[string]int) int {
	var names []string
	for _, field := range fn.Type.Params.List {
		for _, n := range field.Names {
			names = append(names, n.Name)
		}
	}
	found := -1
	ast.Inspect(fn.Body, func(n ast.Node) bool {
		call, ok := n.(*ast.CallExpr)
		if !ok {
			return true
		}
		if arg, ok := readerArg(call, readers); ok {
			if id, ok := arg.(*ast.Ident); ok {
				for i, name := range names {
					if name == id.Name {
						found = i
					}
				}
			}
		}
		return true
	})
	return found
}

// readerArg returns the argument naming the variable when call is a call
// of a reader.
func readerArg(call *ast.CallExpr, readers map[string]int) (ast.Expr, bool) {
	name := ""
	switch fn := call.Fun.(type) {
	case *ast.Ident:
		name = fn.Name
	case *ast.SelectorExpr:
		if x, ok := fn.X.(*ast.Ident); ok {
			name = x.Name + "." + fn.Sel.Name
		}
	}
	i, ok := readers[name]
	if !ok || i >= len(call.Args) {
		return nil, false
	}
	return call.Args[i], true
}

// stringConsts maps "package.Name" to the value of each string constant
// declared with a literal.
func stringConsts(pkgs []*goPackage) map[string]string {
	out := map[string]string{}
	for _, p := range pkgs {
		for _, f := range p.files {
			for _, decl := range f.Decls {
				gd, ok := decl.(*ast.GenDecl)
				if !ok || gd.Tok != token.CONST {
					continue
				}
				for _, spec := range gd.Specs {
					vs := spec.(*ast.ValueSpec)
					for i, name := range vs.Names {
						if i < len(vs.Values) {
							if v, ok := literal(vs.Values[i]); ok {
								out[p.name+"."+name.Name] = v
							}
						}
					}
				}
			}
		}
	}
	return out
}

func literal(e ast.Expr) (string, bool) {
	lit, ok := e.(*ast.BasicLit)
	if !ok || lit.Kind != token.STRING {
		return "", false
	}
	v, err := strconv.Unquote(lit.Value)
	return v, err == nil
}

// constString is the value of a literal, or of a constant of the package
// (Name) or of another (pkg.Name).
func constString(e ast.Expr, pkg string, consts map[string]string) (string, bool) {
	if v, ok := literal(e); ok {
		return v, true
	}
	switch x := e.(type) {
	case *ast.Ident:
		v, ok := consts[pkg+"."+x.Name]
		return v, ok
	case *ast.SelectorExpr:
		if id, ok := x.X.(*ast.Ident); ok {
			v, ok := consts[id.Name+"."+x.Sel.Name]
			return v, ok
		}
	}
	return "", false
}

// readsIn returns the variables read by the code of one file.
func readsIn(reads []envRead, file string) map[string]bool {
	out := map[string]bool{}
	for _, r := range reads {
		if strings.HasPrefix(r.at, file+":") {
			out[r.name] = true
		}
	}
	return out
}
