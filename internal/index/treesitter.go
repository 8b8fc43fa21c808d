package index

import (
	"strings"
	"sync"
	"unicode"

	sitter "github.com/tree-sitter/go-tree-sitter"
	csharp "github.com/tree-sitter/tree-sitter-c-sharp/bindings/go"
	java "github.com/tree-sitter/tree-sitter-java/bindings/go"
	javascript "github.com/tree-sitter/tree-sitter-javascript/bindings/go"
	php "github.com/tree-sitter/tree-sitter-php/bindings/go"
	python "github.com/tree-sitter/tree-sitter-python/bindings/go"
	ruby "github.com/tree-sitter/tree-sitter-ruby/bindings/go"
	rust "github.com/tree-sitter/tree-sitter-rust/bindings/go"
	typescript "github.com/tree-sitter/tree-sitter-typescript/bindings/go"
)

// grammar says how to find declarations in one tree-sitter grammar.
type grammar struct {
	lang *sitter.Language
	// defs maps a node kind to the kind of symbol it declares.
	defs map[string]SymbolKind
	// scopes are declarations whose members are methods of them (classes,
	// interfaces, impl blocks, modules).
	scopes map[string]bool
	// opaque are node kinds never descended into (function bodies, lambdas).
	opaque map[string]bool
	// exported decides visibility from the declaration node and its name.
	exported func(n *sitter.Node, name string, src []byte) bool
	// oneLineSig keeps signatures to the declaration's first line (Ruby's
	// bodies start after comments and statements on later lines).
	oneLineSig bool
}

// grammars are built once; *sitter.Language values are immutable and safe
// to share between parsers.
var grammars = sync.OnceValue(func() map[string]*grammar {
	set := func(kinds ...string) map[string]bool {
		m := map[string]bool{}
		for _, k := range kinds {
			m[k] = true
		}
		return m
	}
	jsDefs := map[string]SymbolKind{
		"function_declaration":           KindFunc,
		"generator_function_declaration": KindFunc,
		"class_declaration":              KindType,
		"abstract_class_declaration":     KindType,
		"method_definition":              KindMethod,
		"interface_declaration":          KindInterface,
		"type_alias_declaration":         KindType,
		"enum_declaration":               KindType,
		"method_signature":               KindMethod,
		"abstract_method_signature":      KindMethod,
		"function_signature":             KindFunc,
		"public_field_definition":        KindVar,
		"variable_declarator":            KindVar, // refined by its value
	}
	jsOpaque := set("statement_block", "arrow_function", "function_expression", "function", "generator_function", "template_string", "string", "object", "array", "call_expression", "new_expression", "parenthesized_expression", "binary_expression")
	jsExported := func(n *sitter.Node, name string, src []byte) bool {
		for p := n; p != nil; p = p.Parent() {
			switch p.Kind() {
			case "export_statement":
				return true
			case "program":
				return false
			}
		}
		return false
	}
	modifierExported := func(words ...string) func(n *sitter.Node, name string, src []byte) bool {
		return func(n *sitter.Node, name string, src []byte) bool {
			for i := uint(0); i < n.NamedChildCount(); i++ {
				c := n.NamedChild(i)
				k := c.Kind()
				if k == "modifiers" || k == "modifier" || k == "visibility_modifier" {
					t := c.Utf8Text(src)
					for _, w := range words {
						if strings.Contains(t, w) {
							return true
						}
					}
				}
			}
			return false
		}
	}
	return map[string]*grammar{
		"Python": {
			lang: sitter.NewLanguage(python.Language()),
			defs: map[string]SymbolKind{
				"function_definition": KindFunc,
				"class_definition":    KindType,
				"assignment":          KindConst, // module or class level NAME = ...
			},
			scopes: set("class_definition"),
			opaque: set("block", "lambda", "call", "string", "dictionary", "list"),
			exported: func(n *sitter.Node, name string, src []byte) bool {
				return !strings.HasPrefix(name, "_")
			},
		},
		"JavaScript": {lang: sitter.NewLanguage(javascript.Language()), defs: jsDefs, scopes: set("class_declaration", "class"), opaque: jsOpaque, exported: jsExported},
		"TypeScript": {lang: sitter.NewLanguage(typescript.LanguageTypescript()), defs: jsDefs, scopes: set("class_declaration", "abstract_class_declaration", "interface_declaration", "class"), opaque: jsOpaque, exported: jsExported},
		"TSX":        {lang: sitter.NewLanguage(typescript.LanguageTSX()), defs: jsDefs, scopes: set("class_declaration", "abstract_class_declaration", "interface_declaration", "class"), opaque: jsOpaque, exported: jsExported},
		"Java": {
			lang: sitter.NewLanguage(java.Language()),
			defs: map[string]SymbolKind{
				"class_declaration":           KindType,
				"record_declaration":          KindType,
				"enum_declaration":            KindType,
				"interface_declaration":       KindInterface,
				"annotation_type_declaration": KindInterface,
				"method_declaration":          KindMethod,
				"constructor_declaration":     KindMethod,
			},
			scopes:   set("class_declaration", "record_declaration", "enum_declaration", "interface_declaration"),
			opaque:   set("block", "constructor_body", "lambda_expression", "field_declaration"),
			exported: modifierExported("public", "protected"),
		},
		"C#": {
			lang: sitter.NewLanguage(csharp.Language()),
			defs: map[string]SymbolKind{
				"class_declaration":       KindType,
				"struct_declaration":      KindType,
				"record_declaration":      KindType,
				"enum_declaration":        KindType,
				"interface_declaration":   KindInterface,
				"delegate_declaration":    KindType,
				"method_declaration":      KindMethod,
				"constructor_declaration": KindMethod,
				"property_declaration":    KindVar,
			},
			scopes:   set("class_declaration", "struct_declaration", "record_declaration", "interface_declaration"),
			opaque:   set("block", "arrow_expression_clause", "lambda_expression", "accessor_list", "field_declaration"),
			exported: modifierExported("public", "protected", "internal"),
		},
		"Rust": {
			lang: sitter.NewLanguage(rust.Language()),
			defs: map[string]SymbolKind{
				"function_item":           KindFunc,
				"function_signature_item": KindFunc,
				"struct_item":             KindType,
				"enum_item":               KindType,
				"union_item":              KindType,
				"type_item":               KindType,
				"trait_item":              KindInterface,
				"const_item":              KindConst,
				"static_item":             KindVar,
				"macro_definition":        KindFunc,
				"impl_item":               "", // a scope, not a symbol
			},
			scopes:   set("impl_item", "trait_item"),
			opaque:   set("block", "closure_expression", "field_declaration_list", "enum_variant_list", "token_tree"),
			exported: modifierExported("pub"),
		},
		"Ruby": {
			lang: sitter.NewLanguage(ruby.Language()),
			defs: map[string]SymbolKind{
				"class":            KindType,
				"module":           KindType,
				"method":           KindMethod,
				"singleton_method": KindMethod,
			},
			scopes:     set("class", "module"),
			opaque:     set("do_block", "block", "lambda", "hash", "array", "string"),
			oneLineSig: true,
			exported: func(n *sitter.Node, name string, src []byte) bool {
				return true
			},
		},
		"PHP": {
			lang: sitter.NewLanguage(php.LanguagePHP()),
			defs: map[string]SymbolKind{
				"class_declaration":     KindType,
				"interface_declaration": KindInterface,
				"trait_declaration":     KindType,
				"enum_declaration":      KindType,
				"function_definition":   KindFunc,
				"method_declaration":    KindMethod,
			},
			scopes: set("class_declaration", "interface_declaration", "trait_declaration", "enum_declaration"),
			opaque: set("compound_statement", "anonymous_function", "arrow_function", "property_declaration"),
			exported: func(n *sitter.Node, name string, src []byte) bool {
				for i := uint(0); i < n.NamedChildCount(); i++ {
					c := n.NamedChild(i)
					if c.Kind() == "visibility_modifier" {
						return c.Utf8Text(src) == "public"
					}
				}
				return true
			},
		},
	}
})

// grammarFor returns the grammar for a language name (as detect names
// languages), or nil.
func grammarFor(lang, rel string) *grammar {
	gs := grammars()
	if lang == "TypeScript" && strings.HasSuffix(rel, ".tsx") {
		lang = "TSX"
	}
	if lang == "JavaScript" && strings.HasSuffix(rel, ".jsx") {
		lang = "JavaScript"
	}
	return gs[lang]
}

// extractTreeSitter fills f.Symbols for a language with a tree-sitter
// grammar. It reports false when no grammar applies.
func extractTreeSitter(f *File, data []byte) bool {
	g := grammarFor(f.Language, f.Path)
	if g == nil {
		return false
	}
	p := sitter.NewParser()
	defer p.Close()
	if err := p.SetLanguage(g.lang); err != nil {
		return false
	}
	tree := p.Parse(data, nil)
	if tree == nil {
		return false
	}
	defer tree.Close()
	x := &tsExtractor{g: g, src: data, f: f}
	x.visit(tree.RootNode(), "", 0)
	return true
}

type tsExtractor struct {
	g   *grammar
	src []byte
	f   *File
}

// maxDepth bounds the descent; declarations deeper than this are rare and
// not worth the walk.
const maxDepth = 24

func (x *tsExtractor) visit(n *sitter.Node, recv string, depth int) {
	if n == nil || depth > maxDepth {
		return
	}
	kind := n.Kind()
	if sk, ok := x.g.defs[kind]; ok {
		name := x.declName(n, kind)
		if name != "" && sk != "" {
			x.emit(n, kind, sk, name, recv)
		}
		if x.g.scopes[kind] {
			scope := name
			if scope == "" {
				scope = recv
			}
			// A scope's body may be a kind that is opaque elsewhere (a Python
			// class body is a block, like a function body): open it.
			cnt := n.NamedChildCount()
			for i := uint(0); i < cnt; i++ {
				c := n.NamedChild(i)
				if x.g.opaque[c.Kind()] {
					x.children(c, scope, depth+1)
					continue
				}
				x.visit(c, scope, depth+1)
			}
		}
		return
	}
	if x.g.opaque[kind] {
		return
	}
	x.children(n, recv, depth)
}

func (x *tsExtractor) children(n *sitter.Node, recv string, depth int) {
	cnt := n.NamedChildCount()
	for i := uint(0); i < cnt; i++ {
		x.visit(n.NamedChild(i), recv, depth+1)
	}
}

// declName returns the declared name of a definition node.
func (x *tsExtractor) declName(n *sitter.Node, kind string) string {
	var nn *sitter.Node
	switch kind {
	case "impl_item":
		nn = n.ChildByFieldName("type")
		if nn != nil {
			// impl<T> Foo<T> → Foo
			t := nn.Utf8Text(x.src)
			if i := strings.IndexAny(t, "<"); i >= 0 {
				t = t[:i]
			}
			return strings.TrimSpace(t)
		}
		return ""
	case "assignment":
		// Only NAME = value at module or class level, upper-case by
		// convention for constants.
		left := n.ChildByFieldName("left")
		if left == nil || left.Kind() != "identifier" {
			return ""
		}
		name := left.Utf8Text(x.src)
		if !isUpperName(name) {
			return ""
		}
		return name
	default:
		nn = n.ChildByFieldName("name")
	}
	if nn == nil {
		return ""
	}
	name := nn.Utf8Text(x.src)
	if i := strings.LastIndex(name, "::"); i >= 0 { // Ruby: class A::B
		name = name[i+2:]
	}
	return strings.Trim(name, `"'`)
}

func isUpperName(s string) bool {
	letters := false
	for _, r := range s {
		if unicode.IsLower(r) {
			return false
		}
		if unicode.IsLetter(r) {
			letters = true
		}
	}
	return letters && len(s) > 1
}

func (x *tsExtractor) emit(n *sitter.Node, kind string, sk SymbolKind, name, recv string) {
	s := Symbol{
		Name:     name,
		Kind:     sk,
		Path:     x.f.Path,
		Line:     int(n.StartPosition().Row) + 1,
		EndLine:  int(n.EndPosition().Row) + 1,
		Exported: x.g.exported(n, name, x.src),
	}
	switch sk {
	case KindFunc:
		if recv != "" {
			sk = KindMethod
		}
	case KindVar:
		if kind == "variable_declarator" {
			if v := n.ChildByFieldName("value"); v != nil {
				switch v.Kind() {
				case "arrow_function", "function_expression", "function", "generator_function":
					sk = KindFunc
				case "class":
					sk = KindType
				}
			}
			if sk == KindVar && isConstDecl(n, x.src) {
				sk = KindConst
			}
			if sk == KindVar && recv == "" && !isTopLevel(n) {
				return
			}
			if decl := n.Parent(); decl != nil {
				s.Exported = x.g.exported(decl, name, x.src)
			}
		}
	}
	if sk == KindMethod && recv == "" {
		sk = KindFunc
	}
	if sk == KindMethod || (sk == KindVar && recv != "") || (sk == KindConst && recv != "") {
		s.Receiver = recv
	}
	s.Kind = sk
	s.Signature = x.signature(n)
	s.Doc = x.doc(n)
	x.f.Symbols = append(x.f.Symbols, s)
}

func isConstDecl(n *sitter.Node, src []byte) bool {
	p := n.Parent()
	if p == nil || p.Kind() != "lexical_declaration" {
		return false
	}
	return strings.HasPrefix(p.Utf8Text(src), "const")
}

// isTopLevel reports whether a declarator sits at module level (directly,
// or under an export).
func isTopLevel(n *sitter.Node) bool {
	p := n.Parent()
	if p == nil {
		return false
	}
	pp := p.Parent()
	for pp != nil && pp.Kind() == "export_statement" {
		pp = pp.Parent()
	}
	return pp != nil && pp.Kind() == "program"
}

// signature is the declaration's text up to its body, on one line.
func (x *tsExtractor) signature(n *sitter.Node) string {
	start := n.StartByte()
	end := n.EndByte()
	if body := n.ChildByFieldName("body"); body != nil {
		end = body.StartByte()
	} else if nl := strings.IndexByte(string(x.src[start:min(end, start+400)]), '\n'); nl >= 0 && n.Kind() != "variable_declarator" {
		// No body field (Ruby classes, declarations): the first line.
		end = start + uint(nl)
	} else if v := n.ChildByFieldName("value"); v != nil && n.Kind() == "variable_declarator" {
		// const f = (a, b) => … : keep the parameters.
		if params := v.ChildByFieldName("parameters"); params != nil {
			end = params.EndByte()
		} else {
			end = v.StartByte()
		}
	}
	if end > start+400 {
		end = start + 400
	}
	text := string(x.src[start:end])
	if x.g.oneLineSig {
		if nl := strings.IndexByte(text, '\n'); nl >= 0 {
			text = text[:nl]
		}
	}
	sig := strings.Join(strings.Fields(text), " ")
	sig = strings.TrimRight(sig, " {:=")
	if len(sig) > 200 {
		sig = sig[:200] + "…"
	}
	return sig
}

// doc returns the first line of the comment just above a declaration, or
// of a Python docstring.
func (x *tsExtractor) doc(n *sitter.Node) string {
	if n.Kind() == "function_definition" || n.Kind() == "class_definition" {
		if body := n.ChildByFieldName("body"); body != nil && body.NamedChildCount() > 0 {
			first := body.NamedChild(0)
			if first.Kind() == "expression_statement" && first.NamedChildCount() > 0 && first.NamedChild(0).Kind() == "string" {
				return firstLine(strings.Trim(first.NamedChild(0).Utf8Text(x.src), "\"' \n\t"))
			}
		}
	}
	target := n
	if p := n.Parent(); p != nil && (p.Kind() == "export_statement" || p.Kind() == "decorated_definition" || p.Kind() == "lexical_declaration" || p.Kind() == "variable_declaration") {
		target = p
	}
	prev := target.PrevNamedSibling()
	for prev != nil && (prev.Kind() == "attribute_item" || prev.Kind() == "decorator" || prev.Kind() == "attribute_list") {
		prev = prev.PrevNamedSibling()
	}
	if prev == nil || !strings.Contains(prev.Kind(), "comment") {
		return ""
	}
	if int(prev.EndPosition().Row)+1 < int(target.StartPosition().Row) {
		return "" // separated by a blank line
	}
	text := prev.Utf8Text(x.src)
	var lines []string
	for _, ln := range strings.Split(text, "\n") {
		ln = strings.TrimSpace(ln)
		ln = strings.TrimLeft(ln, "/*#!")
		ln = strings.TrimSuffix(ln, "*/")
		ln = strings.TrimSpace(ln)
		if ln != "" && !strings.HasPrefix(ln, "@") {
			lines = append(lines, ln)
		}
	}
	if len(lines) == 0 {
		return ""
	}
	return lines[0]
}
