package index

import (
	"bytes"
	"go/ast"
	"go/parser"
	"go/printer"
	"go/token"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// extractSymbols fills f.Symbols, f.Imports and f.Package for the languages
// the index understands.
func extractSymbols(f *File, data []byte) {
	switch f.Language {
	case "Go":
		extractGo(f, data, true)
		f.Symbols = append(f.Symbols, extractRoutes(f.Path, data)...)
		return
	}
	if extractTreeSitter(f, data) {
		f.Symbols = append(f.Symbols, extractRoutesFor(f.Language, f.Path, data)...)
	}
}

// extractVendoredGo fills f with what the index keeps of a vendored Go
// file: no signatures, doc lines or routes (such files are never ranked),
// and for third-party code only the exported declarations, which the
// declaration scanner finds without a full parse.
func extractVendoredGo(f *File, data []byte, thirdParty bool) {
	if !thirdParty {
		extractGo(f, data, false)
		f.Symbols = append(f.Symbols, extractRoutes(f.Path, data)...)
		return
	}
	if extractGoExported(f, data) {
		return
	}
	extractGo(f, data, false)
	f.Symbols = slices.DeleteFunc(f.Symbols, func(s Symbol) bool { return !s.Exported })
}

// extractGo fills f with the package, imports and top-level declarations
// of Go source; full adds their signatures and doc lines. It parses a copy
// whose function bodies are blanked (see goblank.go) when it can.
func extractGo(f *File, data []byte, full bool) {
	buf := blankBufs.Get().(*[]byte)
	defer blankBufs.Put(buf)
	if src, ok := blankFuncBodies(data, buf); ok && parseGoDecls(f, src, full, true) {
		return
	}
	parseGoDecls(f, data, full, false)
}

// parseGoDecls is extractGo on the source as given. When strict, source
// with a syntax error leaves f untouched and gives false.
func parseGoDecls(f *File, data []byte, full, strict bool) bool {
	fset := token.NewFileSet()
	mode := parser.SkipObjectResolution
	if full {
		mode |= parser.ParseComments
	}
	af, err := parser.ParseFile(fset, f.Path, data, mode)
	if err != nil && strict {
		return false
	}
	if af == nil {
		return true
	}
	// Otherwise a file with syntax errors still yields the declarations
	// parsed so far.
	f.Package = af.Name.Name
	for _, imp := range af.Imports {
		if p, err := strconv.Unquote(imp.Path.Value); err == nil {
			f.Imports = append(f.Imports, p)
		}
	}
	line := func(p token.Pos) int { return fset.Position(p).Line }
	sigs := signer{fset: fset, file: fset.File(af.Pos()), comments: af.Comments, src: data}
	for _, decl := range af.Decls {
		switch d := decl.(type) {
		case *ast.FuncDecl:
			s := Symbol{Name: d.Name.Name, Kind: KindFunc, Path: f.Path, Line: line(d.Pos()), EndLine: line(d.End()), Exported: d.Name.IsExported()}
			if d.Recv != nil && len(d.Recv.List) > 0 {
				s.Kind = KindMethod
				s.Receiver = receiverName(d.Recv.List[0].Type)
			}
			if full {
				s.Doc = firstLine(d.Doc.Text())
				s.Signature = sigs.signature(d)
			}
			f.Symbols = append(f.Symbols, s)
		case *ast.GenDecl:
			for _, spec := range d.Specs {
				switch sp := spec.(type) {
				case *ast.TypeSpec:
					kind := KindType
					if _, ok := sp.Type.(*ast.InterfaceType); ok {
						kind = KindInterface
					}
					s := Symbol{Name: sp.Name.Name, Kind: kind, Path: f.Path, Line: line(sp.Pos()), EndLine: line(sp.End()), Exported: sp.Name.IsExported()}
					if full {
						doc := sp.Doc.Text()
						if doc == "" {
							doc = d.Doc.Text()
						}
						s.Doc, s.Signature = firstLine(doc), "type "+sp.Name.Name+" "+typeKeyword(sp.Type)
					}
					f.Symbols = append(f.Symbols, s)
				case *ast.ValueSpec:
					kind := KindVar
					if d.Tok == token.CONST {
						kind = KindConst
					}
					for _, n := range sp.Names {
						if n.Name == "_" {
							continue
						}
						s := Symbol{Name: n.Name, Kind: kind, Path: f.Path, Line: line(n.Pos()), EndLine: line(sp.End()), Exported: n.IsExported()}
						if full {
							s.Doc, s.Signature = firstLine(sp.Doc.Text()), d.Tok.String()+" "+n.Name
						}
						f.Symbols = append(f.Symbols, s)
					}
				}
			}
		}
	}
	return true
}

func receiverName(e ast.Expr) string {
	for {
		switch t := e.(type) {
		case *ast.StarExpr:
			e = t.X
		case *ast.IndexExpr:
			e = t.X
		case *ast.IndexListExpr:
			e = t.X
		case *ast.Ident:
			return t.Name
		default:
			return ""
		}
	}
}

// signer gives the signatures of a file's functions.
type signer struct {
	fset     *token.FileSet
	file     *token.File
	comments []*ast.CommentGroup // in source order
	src      []byte
}

// signature returns the declaration of a function without its body and
// doc comment, its whitespace runs collapsed to single spaces: the source
// of its header from "func" to the end of its results, which for gofmt'd
// code is what go/printer prints. A header holding a comment, or a single
// parenthesised result, is printed by go/printer, which leaves comments
// and those parentheses out. Functions must be asked for in source order.
func (sg *signer) signature(d *ast.FuncDecl) string {
	start, end := d.Pos(), d.Type.End()
	for len(sg.comments) > 0 && sg.comments[0].End() <= start {
		sg.comments = sg.comments[1:]
	}
	if r := d.Type.Results; r != nil && r.Opening.IsValid() && len(r.List) == 1 && len(r.List[0].Names) == 0 {
		return funcSignature(sg.fset, d) // go/printer drops the parentheses of "(T)"
	}
	if sg.file != nil && start.IsValid() && end > start && int(end) <= sg.file.Base()+sg.file.Size() &&
		(len(sg.comments) == 0 || sg.comments[0].Pos() >= end) {
		from, to := sg.file.Offset(start), sg.file.Offset(end)
		if to <= len(sg.src) {
			return strings.Join(strings.Fields(string(sg.src[from:to])), " ")
		}
	}
	return funcSignature(sg.fset, d)
}

// funcSignature prints a function's declaration without its body and doc
// comment, its whitespace runs collapsed to single spaces.
func funcSignature(fset *token.FileSet, d *ast.FuncDecl) string {
	fn := *d
	fn.Body = nil
	fn.Doc = nil
	var b bytes.Buffer
	if err := printer.Fprint(&b, fset, &fn); err != nil {
		return d.Name.Name
	}
	return strings.Join(strings.Fields(b.String()), " ")
}

func typeKeyword(e ast.Expr) string {
	switch e.(type) {
	case *ast.StructType:
		return "struct"
	case *ast.InterfaceType:
		return "interface"
	case *ast.FuncType:
		return "func"
	case *ast.MapType:
		return "map"
	case *ast.ArrayType:
		return "slice"
	}
	return "alias"
}

func firstLine(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		s = s[:i]
	}
	return s
}

// routePatterns find route registrations that frameworks make visible in
// the source of other languages. Each has a method group (may be empty)
// and a path group.
var routePatterns = map[string][]*regexp.Regexp{
	"Python": {
		// Flask, FastAPI, Sanic: @app.route("/x"), @router.get("/x")
		regexp.MustCompile(`@\w+(?:\.\w+)*\.(route|get|post|put|patch|delete|head|options|websocket)\(\s*[rf]?["']([^"']*)["']`),
		// Django: path("x/", view)
		regexp.MustCompile(`\b(path|re_path)\(\s*r?["']([^"']*)["']\s*,`),
	},
	"JavaScript": {
		regexp.MustCompile(`\b\w+\.(get|post|put|patch|delete|all|use|route)\(\s*['"\x60](/[^'"\x60]*)['"\x60]`),
		regexp.MustCompile(`@(Get|Post|Put|Patch|Delete|All)\(\s*['"]([^'"]*)['"]`),
	},
	"Java": {
		regexp.MustCompile(`@(Get|Post|Put|Patch|Delete|Request)Mapping\(\s*(?:(?:value|path)\s*=\s*)?\{?\s*"([^"]*)"`),
	},
	"C#": {
		regexp.MustCompile(`\[(HttpGet|HttpPost|HttpPut|HttpPatch|HttpDelete|Route)\(\s*"([^"]*)"`),
		regexp.MustCompile(`\.Map(Get|Post|Put|Patch|Delete)\(\s*"([^"]*)"`),
	},
	"Ruby": {
		regexp.MustCompile(`(?m)^\s*(get|post|put|patch|delete|match)\s+['"]([^'"]+)['"]`),
	},
	"PHP": {
		regexp.MustCompile(`Route::(get|post|put|patch|delete|any|match)\(\s*['"]([^'"]*)['"]`),
	},
	"Rust": {
		regexp.MustCompile(`#\[(get|post|put|patch|delete)\(\s*"([^"]*)"`),
		regexp.MustCompile(`\.route\(\s*()"([^"]*)"`),
	},
}

func extractRoutesFor(lang, rel string, data []byte) []Symbol {
	switch lang {
	case "TypeScript", "TSX":
		lang = "JavaScript"
	}
	pats := routePatterns[lang]
	if len(pats) == 0 {
		return nil
	}
	var out []Symbol
	for _, re := range pats {
		for _, m := range re.FindAllSubmatchIndex(data, -1) {
			method := strings.ToUpper(string(data[m[2]:m[3]]))
			pattern := string(data[m[4]:m[5]])
			switch method {
			case "ROUTE", "REQUEST", "PATH", "RE_PATH", "MATCH", "ALL", "ANY", "USE", "":
				method = ""
			case "HTTPGET", "HTTPPOST", "HTTPPUT", "HTTPPATCH", "HTTPDELETE":
				method = strings.TrimPrefix(method, "HTTP")
			}
			name := pattern
			if method != "" {
				name = method + " " + pattern
			}
			line := 1 + bytes.Count(data[:m[0]], []byte("\n"))
			lineEnd := bytes.IndexByte(data[m[0]:], '\n')
			sig := string(data[m[0]:])
			if lineEnd >= 0 {
				sig = string(data[m[0] : m[0]+lineEnd])
			}
			out = append(out, Symbol{Name: name, Kind: KindRoute, Path: rel, Line: line, EndLine: line, Signature: strings.TrimSpace(sig)})
		}
	}
	return out
}
