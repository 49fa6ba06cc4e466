package msg

import (
	"bytes"
	"flag"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/BurntSushi/toml"
)

var update = flag.Bool("update", false, "rewrite the catalogues: add the formats the code has, drop those it lost, keep the translations")

// use is one place a format is written in the code.
type use struct {
	format string
	at     string // path:line from the module's root
}

// codeFormats finds the message formats the module's code writes: each
// string literal given as the "format" argument of a function declared with
// a (format string, args ...any) pair, such as New, Errorf and diag.List.Add.
func codeFormats(t *testing.T) []use {
	t.Helper()
	root := filepath.Join("..", "..")
	fset := token.NewFileSet()
	var files []*ast.File
	var names []string
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if n := d.Name(); path != root && (strings.HasPrefix(n, ".") || n == "testdata" || n == "node_modules" || n == "public") {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") || developersOnly(path) {
			return nil
		}
		f, err := parser.ParseFile(fset, path, nil, parser.SkipObjectResolution)
		if err != nil {
			return err
		}
		files = append(files, f)
		names = append(names, filepath.ToSlash(strings.TrimPrefix(path, root+string(filepath.Separator))))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	// Sinks are functions, and function literals bound to a name, with a
	// parameter "format string".
	// A name may be several functions: each position is a format's.
	sinks := map[string][]int{} // function name → indexes of its format argument
	addSink := func(name string, params *ast.FieldList) {
		i := 0
		for _, p := range params.List {
			for _, n := range p.Names {
				if n.Name == "format" && isIdent(p.Type, "string") && !slices.Contains(sinks[name], i) {
					sinks[name] = append(sinks[name], i)
				}
				i++
			}
			if len(p.Names) == 0 {
				i++
			}
		}
	}
	for _, f := range files {
		ast.Inspect(f, func(n ast.Node) bool {
			switch x := n.(type) {
			case *ast.FuncDecl:
				addSink(x.Name.Name, x.Type.Params)
			case *ast.AssignStmt:
				for i, rhs := range x.Rhs {
					if lit, ok := rhs.(*ast.FuncLit); ok && i < len(x.Lhs) {
						if id, ok := x.Lhs[i].(*ast.Ident); ok {
							addSink(id.Name, lit.Type.Params)
						}
					}
				}
			case *ast.KeyValueExpr:
				if lit, ok := x.Value.(*ast.FuncLit); ok {
					if id, ok := x.Key.(*ast.Ident); ok {
						addSink(id.Name, lit.Type.Params)
					}
				}
			}
			return true
		})
	}
	var uses []use
	for k, f := range files {
		ast.Inspect(f, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok {
				return true
			}
			var name string
			switch fun := call.Fun.(type) {
			case *ast.Ident:
				name = fun.Name
			case *ast.SelectorExpr:
				if x, ok := fun.X.(*ast.Ident); ok && (x.Name == "fmt" || x.Name == "log") {
					return true
				}
				name = fun.Sel.Name
			}
			for _, i := range sinks[name] {
				if i >= len(call.Args) {
					continue
				}
				if s, ok := literal(call.Args[i]); ok && s != "" {
					uses = append(uses, use{s, fmt.Sprintf("%s:%d", names[k], fset.Position(call.Pos()).Line)})
				}
			}
			return true
		})
	}
	return uses
}

// developersOnly are the packages whose messages no editor meets: the
// benchmarks, and the embedded data's checks (a failure there is a bug of
// Jihat's, reported to its developers).
func developersOnly(path string) bool {
	p := filepath.ToSlash(path)
	for _, dir := range []string{"cmd/jihat-bench/", "internal/corpus/", "internal/geo/", "internal/chart/", "internal/photo/", "internal/gazetteer/load.go", "internal/cachedir/"} {
		if strings.Contains(p, dir) {
			return true
		}
	}
	return false
}

func isIdent(e ast.Expr, name string) bool {
	id, ok := e.(*ast.Ident)
	return ok && id.Name == name
}

// literal is the value of a string literal, or of literals joined by +.
func literal(e ast.Expr) (string, bool) {
	switch x := e.(type) {
	case *ast.BasicLit:
		if x.Kind != token.STRING {
			return "", false
		}
		s, err := strconv.Unquote(x.Value)
		return s, err == nil
	case *ast.BinaryExpr:
		if x.Op != token.ADD {
			return "", false
		}
		a, ok1 := literal(x.X)
		b, ok2 := literal(x.Y)
		return a + b, ok1 && ok2
	case *ast.ParenExpr:
		return literal(x.X)
	}
	return "", false
}

// TestCatalogues holds each catalogue to the code: every format the code
// writes is translated, with the same verbs for the same arguments, and
// nothing else is there.
func TestCatalogues(t *testing.T) {
	uses := codeFormats(t)
	if len(uses) < 50 {
		t.Fatalf("found only %d formats in the code: the scan is broken", len(uses))
	}
	for _, lang := range Languages[1:] {
		t.Run(lang, func(t *testing.T) {
			name := filepath.Join("catalog", lang+".toml")
			data, err := os.ReadFile(name)
			if err != nil {
				t.Fatal(err)
			}
			translations := map[string]string{}
			if err := toml.Unmarshal(data, &translations); err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			if *update {
				if err := os.WriteFile(name, rewrite(lang, uses, translations), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			inCode := map[string]bool{}
			missing := 0
			for _, u := range uses {
				if inCode[u.format] {
					continue
				}
				inCode[u.format] = true
				tr, ok := translations[u.format]
				if !ok || tr == "" {
					missing++
					if missing <= 20 {
						t.Errorf("%s: %q has no translation in %s (go test ./internal/msg -update adds it, empty, to fill in)", u.at, u.format, name)
					}
					continue
				}
				want, err := Verbs(u.format)
				if err != nil {
					t.Errorf("%s: %v", u.at, err)
					continue
				}
				got, err := Verbs(tr)
				if err != nil || !slices.Equal(got, want) {
					t.Errorf("%s: %q: its translation %q has the verbs %v (%v), the code's has %v", name, u.format, tr, got, err, want)
				}
			}
			if missing > 20 {
				t.Errorf("... and %d more formats without a translation", missing-20)
			}
			for k := range translations {
				if !inCode[k] {
					t.Errorf("%s: %q is in no code (go test ./internal/msg -update drops it)", name, k)
				}
			}
		})
	}
}

// rewrite writes a catalogue in the order of the code, each entry under
// the place it is first written, keeping the translations it had.
func rewrite(lang string, uses []use, translations map[string]string) []byte {
	var b bytes.Buffer
	fmt.Fprintf(&b, "# Jihat's messages to editors in %q: the English format as the code writes it = its translation.\n", lang)
	b.WriteString("# Keep every %-verb of a format, in any order (%[2]s names the second argument).\n")
	b.WriteString("# go test ./internal/msg checks this file against the code; go test ./internal/msg -update adds new formats, empty.\n")
	seen := map[string]bool{}
	file := ""
	for _, u := range uses {
		if seen[u.format] {
			continue
		}
		seen[u.format] = true
		if f, _, _ := strings.Cut(u.at, ":"); f != file {
			file = f
			fmt.Fprintf(&b, "\n# %s\n", f)
		}
		fmt.Fprintf(&b, "%s = %s\n", tomlString(u.format), tomlString(translations[u.format]))
	}
	return b.Bytes()
}

// tomlString quotes s as a TOML basic string.
func tomlString(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch {
		case r == '"':
			b.WriteString(`\"`)
		case r == '\\':
			b.WriteString(`\\`)
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\t':
			b.WriteString(`\t`)
		case r < 0x20 || r == 0x7f:
			fmt.Fprintf(&b, `\u%04X`, r)
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}
