package verify

import (
	"fmt"
	"path"
	"sort"
	"strings"

	"github.com/groundplan/groundplan/internal/index"
	"github.com/groundplan/groundplan/internal/plan"
)

// pathInfo is what the plan does with one path.
type pathInfo struct {
	path     string      // as the plan writes it, cleaned
	action   plan.Action // from the files section; "" when not listed there
	listLine int         // line of the files-section entry
	create   bool        // a sentence says the plan creates it
	test     bool        // the file of a test the plan adds
	lines    []int       // every line that names it
}

// collectPaths gathers every path the plan names: the files section, the
// mentions found by the scan, the steps' and tests' files.
func (v *verifier) collectPaths() {
	v.paths = map[string]*pathInfo{}
	get := func(p string) *pathInfo {
		p = index.Clean(p)
		pi, ok := v.paths[p]
		if !ok {
			pi = &pathInfo{path: p}
			v.paths[p] = pi
			v.pathOrder = append(v.pathOrder, p)
		}
		return pi
	}
	addLine := func(pi *pathInfo, line int) {
		if line <= 0 {
			return
		}
		for _, l := range pi.lines {
			if l == line {
				return
			}
		}
		pi.lines = append(pi.lines, line)
	}
	for _, fc := range v.p.Files {
		if strings.TrimSpace(fc.Path) == "" || strings.HasSuffix(fc.Path, "/") || v.ix.IsDir(fc.Path) {
			continue // a folder, not a file
		}
		pi := get(fc.Path)
		if pi.action == "" {
			pi.action, pi.listLine = fc.Action, fc.Line
		}
		addLine(pi, fc.Line)
	}
	for _, m := range v.sc.mentions {
		if m.kind != kindPath {
			continue
		}
		pi := get(m.value)
		if m.intent == intentCreate {
			pi.create = true
		}
		if m.sec >= 0 && v.p.Sections[m.sec].Key == plan.KeyTesting && index.IsTestPath(m.value) {
			pi.test = true
		}
		addLine(pi, m.line)
	}
	for _, t := range v.p.Tests {
		if t.File != "" {
			if _, _, ok := pathOf(t.File, false, v.exts); ok || strings.Contains(t.File, "/") {
				pi := get(t.File)
				pi.test = true
				addLine(pi, t.Line)
			}
		}
	}
	for _, st := range v.p.Steps {
		for _, f := range st.Files {
			if _, _, ok := pathOf(f, false, v.exts); ok {
				if pi := get(f); len(pi.lines) == 0 {
					addLine(pi, st.Line) // the parser found it where the scan did not
				}
			}
		}
	}
	for _, pi := range v.paths {
		sort.Ints(pi.lines)
	}
}

// baseIndex maps base names to the repository's paths.
func (v *verifier) baseIndex() map[string][]string {
	if v.byBase == nil {
		v.byBase = map[string][]string{}
		for _, f := range v.ix.Files() {
			b := path.Base(f.Path)
			v.byBase[b] = append(v.byBase[b], f.Path)
		}
	}
	return v.byBase
}

// resolveFile finds the repository file a plan path names: the path
// itself; the path less leading folders ("bookstore/internal/x.go" when
// the repository is bookstore); or the one file whose path ends with it
// ("service/x.go" for "internal/service/x.go"). It returns the matches
// when the path is ambiguous.
func (v *verifier) resolveFile(p string) (resolved string, ok bool, ambiguous []string) {
	if _, found := v.ix.File(p); found {
		return p, true, nil
	}
	parts := strings.Split(p, "/")
	for k := 1; k+2 <= len(parts); k++ {
		cand := strings.Join(parts[k:], "/")
		if _, found := v.ix.File(cand); found {
			return cand, true, nil
		}
	}
	var matches []string
	for _, f := range v.baseIndex()[path.Base(p)] {
		if strings.HasSuffix(f, "/"+p) || !strings.Contains(p, "/") {
			matches = append(matches, f)
		}
	}
	if len(matches) == 1 {
		return matches[0], true, nil
	}
	return "", false, matches
}

// resolveDir finds the repository folder a plan folder names, like
// resolveFile.
func (v *verifier) resolveDir(d string) (string, bool) {
	if d == "." || v.ix.IsDir(d) {
		return d, true
	}
	parts := strings.Split(d, "/")
	for k := 1; k < len(parts); k++ {
		if cand := strings.Join(parts[k:], "/"); v.ix.IsDir(cand) && strings.Contains(cand, "/") {
			return cand, true
		}
	}
	var matches []string
	for _, dir := range v.ix.Dirs() {
		if strings.HasSuffix(dir, "/"+d) {
			matches = append(matches, dir)
		}
	}
	if len(matches) == 1 {
		return matches[0], true
	}
	return "", false
}

// checkPaths runs the file rules.
func (v *verifier) checkPaths() {
	v.ranRule(RuleFileMissing, RulePathResolved, RuleNewFileExists, RuleNewFileLayout)
	v.collectPaths()
	v.newFiles = map[string]bool{}
	for _, p := range v.pathOrder {
		pi := v.paths[p]
		first, also := firstAndRest(pi.lines)
		listedNew := pi.action == plan.ActionNew
		resolved, exists, ambiguous := v.resolveFile(p)
		switch {
		case listedNew && exists:
			msg := fmt.Sprintf("`%s` is listed as a new file but already exists", p)
			if resolved != p {
				msg = fmt.Sprintf("`%s` is listed as a new file but already exists as `%s`", p, resolved)
			}
			v.add(Finding{Rule: RuleNewFileExists, Line: pi.listLine, Also: without(pi.lines, pi.listLine), Path: p, Message: msg,
				Suggestion: "list it as modified, or give the new file a name that is not taken"})
		case exists:
			if resolved != p {
				v.add(Finding{Rule: RulePathResolved, Line: first, Also: also, Path: p,
					Message:    fmt.Sprintf("`%s` was read as `%s`, the one repository file it can name", p, resolved),
					Suggestion: fmt.Sprintf("write the full path `%s`", resolved), Candidates: []string{resolved}})
			}
		case listedNew || (pi.action == "" && (pi.create || pi.test)):
			v.checkNewFile(pi, first, also)
		default:
			line := first
			if pi.listLine > 0 {
				line = pi.listLine
			}
			cands := ambiguous
			if len(cands) == 0 {
				cands = v.closePaths(p)
			}
			msg := fmt.Sprintf("`%s` does not exist", p)
			if pi.action == plan.ActionModify || pi.action == plan.ActionDelete {
				msg = fmt.Sprintf("`%s` is listed as %s but does not exist", p, verbOf(pi.action))
			}
			sug := didYouMean(cands, "fix the path; if the plan creates this file, list it as new in the files section")
			if len(ambiguous) > 1 {
				msg = fmt.Sprintf("`%s` does not exist and names %d files", p, len(ambiguous))
				sug = "Write the full path of the one you mean: " + quoteList(ambiguous) + "."
			}
			v.add(Finding{Rule: RuleFileMissing, Line: line, Also: without(pi.lines, line), Path: p, Message: msg, Suggestion: sug, Candidates: cands})
		}
	}
}

func verbOf(a plan.Action) string {
	if a == plan.ActionDelete {
		return "deleted"
	}
	return "modified"
}

// checkNewFile resolves a new file's folder and checks that it fits the
// repository's layout.
func (v *verifier) checkNewFile(pi *pathInfo, first int, also []int) {
	p := pi.path
	line := first
	if pi.listLine > 0 {
		line = pi.listLine
	}
	dir := path.Dir(p)
	if rd, ok := v.resolveDir(dir); ok && rd != dir {
		np := path.Join(rd, path.Base(p))
		if _, exists := v.ix.File(np); exists && pi.action == plan.ActionNew {
			v.add(Finding{Rule: RuleNewFileExists, Line: line, Also: without(pi.lines, line), Path: p,
				Message:    fmt.Sprintf("`%s` is listed as a new file but already exists as `%s`", p, np),
				Suggestion: "list it as modified, or give the new file a name that is not taken"})
			return
		}
		v.add(Finding{Rule: RulePathResolved, Line: line, Also: without(pi.lines, line), Path: p,
			Message:    fmt.Sprintf("new file `%s` was placed in `%s/`, the one repository folder its path can name", p, rd),
			Suggestion: fmt.Sprintf("write the full path `%s`", np), Candidates: []string{np}})
		v.newFiles[np] = true
		return
	}
	v.newFiles[p] = true
	if f := v.layout(p); f != nil {
		f.Line, f.Also, f.Path = line, without(pi.lines, line), p
		v.add(*f)
	}
}

// layout checks that a new file's folder exists, or that creating it
// follows a pattern the repository shows. It returns nil when it fits.
func (v *verifier) layout(p string) *Finding {
	dir := path.Dir(p)
	if dir == "." || v.ix.IsDir(dir) {
		return nil
	}
	comps := strings.Split(dir, "/")
	anc, k := ".", 0
	for i := len(comps) - 1; i >= 1; i-- {
		if d := strings.Join(comps[:i], "/"); v.ix.IsDir(d) {
			anc, k = d, i
			break
		}
	}
	missing := comps[k:]
	children := v.childDirs(anc)

	// a near miss of an existing folder: internal/servcie for internal/service
	for _, c := range children {
		if c == missing[0] {
			continue
		}
		if strings.EqualFold(c, missing[0]) || closeEnough(distance(strings.ToLower(c), strings.ToLower(missing[0])), len(c), len(missing[0])) {
			fix := path.Join(append([]string{anc, c}, append(missing[1:], path.Base(p))...)...)
			return &Finding{Rule: RuleNewFileLayout,
				Message:    fmt.Sprintf("folder `%s/` does not exist; the repository has `%s/`", path.Join(anc, missing[0]), path.Join(anc, c)),
				Suggestion: fmt.Sprintf("put the file in `%s/`: `%s`", path.Join(anc, c), fix), Candidates: []string{fix}}
		}
	}
	// a folder of the same name elsewhere: api/handlers for internal/handlers
	last := missing[len(missing)-1]
	var same []string
	for _, d := range v.ix.Dirs() {
		if path.Base(d) == last && d != dir {
			same = append(same, d)
		}
	}
	if len(same) > 0 {
		var cands []string
		for _, d := range same {
			cands = append(cands, path.Join(d, path.Base(p)))
		}
		return &Finding{Rule: RuleNewFileLayout,
			Message:    fmt.Sprintf("folder `%s/` does not exist; the repository keeps `%s` in %s", dir, last, quoteList(addSlash(same))),
			Suggestion: "put the file in the existing folder: " + quoteList(cands), Candidates: cands}
	}
	// a new folder where sibling folders hold files of the same kind at
	// the same depth
	ext := strings.ToLower(path.Ext(p))
	prefix := ""
	if anc != "." {
		prefix = anc + "/"
	}
	depth := len(missing) + 1
	for _, f := range v.ix.Files() {
		if !strings.HasPrefix(f.Path, prefix) || strings.ToLower(path.Ext(f.Path)) != ext {
			continue
		}
		if len(strings.Split(f.Path[len(prefix):], "/")) == depth {
			return nil
		}
	}
	where := v.dirsHolding(ext)
	return &Finding{Rule: RuleNewFileLayout,
		Message:    fmt.Sprintf("folder `%s/` does not exist and no folder beside it holds %s files at that depth", dir, orName(ext)),
		Suggestion: layoutAdvice(ext, where), Candidates: where}
}

func layoutAdvice(ext string, where []string) string {
	if len(where) == 0 {
		return fmt.Sprintf("no folder of the repository holds %s files: check the file's language and put it beside the code it belongs with", orName(ext))
	}
	return "put the file where the repository keeps such files: " + quoteList(addSlash(where))
}

func orName(ext string) string {
	if ext == "" {
		return "such"
	}
	return "`*" + ext + "`"
}

func addSlash(ds []string) []string {
	out := make([]string, len(ds))
	for i, d := range ds {
		out[i] = d + "/"
	}
	return out
}

// childDirs lists the folders directly under dir.
func (v *verifier) childDirs(dir string) []string {
	var out []string
	for _, d := range v.ix.Dirs() {
		if d == "." || d == dir {
			continue
		}
		parent := path.Dir(d)
		if parent == dir {
			out = append(out, path.Base(d))
		}
	}
	return out
}

// dirsHolding returns up to three folders holding the most files with the
// extension.
func (v *verifier) dirsHolding(ext string) []string {
	count := map[string]int{}
	for _, f := range v.ix.Files() {
		if strings.ToLower(path.Ext(f.Path)) == ext && !f.Test {
			count[path.Dir(f.Path)]++
		}
	}
	var cs []candidate
	for d, n := range count {
		cs = append(cs, candidate{d, -float64(n)})
	}
	return best(cs, 3)
}

// closePaths suggests the existing paths closest to a missing one: the
// same base name in another folder, a near miss of the whole path, or a
// near miss of the base name in a close folder.
func (v *verifier) closePaths(p string) []string {
	base := path.Base(p)
	dir := path.Dir(p)
	test := index.IsTestPath(p)
	var cs []candidate
	for _, f := range v.ix.Files() {
		fb, fd := path.Base(f.Path), path.Dir(f.Path)
		// no two names are close when their lengths differ by more than
		// closeEnough allows, so most distances are never computed
		score := -1.0
		switch {
		case fb == base:
			score = 0.2 + float64(distance(dir, fd))/float64(max(len(dir), 1))
		case near(p, f.Path):
			score = float64(distance(p, f.Path)) / float64(len(p))
		case near(base, fb) && near(dir, fd):
			score = 0.5 + float64(distance(base, fb)+distance(dir, fd))/float64(len(p))
		case fd == dir && sharedPrefix(base, fb) >= max(4, min(len(base), len(fb))*2/3):
			score = 0.8 + float64(distance(base, fb))/float64(len(p))
		}
		if score < 0 {
			continue
		}
		if f.Test != test {
			score += 0.5
		}
		cs = append(cs, candidate{f.Path, score})
	}
	return best(cs, 3)
}

func sharedPrefix(a, b string) int {
	n := 0
	for n < len(a) && n < len(b) && a[n] == b[n] {
		n++
	}
	return n
}

// firstAndRest splits sorted lines into the first and the others.
func firstAndRest(lines []int) (int, []int) {
	if len(lines) == 0 {
		return 0, nil
	}
	return lines[0], append([]int(nil), lines[1:]...)
}

// without returns lines less one line.
func without(lines []int, line int) []int {
	var out []int
	for _, l := range lines {
		if l != line {
			out = append(out, l)
		}
	}
	return out
}

// didYouMean phrases a suggestion: the candidates first, when there are
// any, then the advice.
func didYouMean(cands []string, advice string) string {
	if len(cands) == 0 {
		return upperFirst(advice) + "."
	}
	return "Did you mean " + quoteList(cands) + "? Otherwise " + advice + "."
}

func upperFirst(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// quoteList writes "`a`, `b` or `c`".
func quoteList(xs []string) string {
	q := make([]string, len(xs))
	for i, x := range xs {
		q[i] = "`" + x + "`"
	}
	switch len(q) {
	case 0:
		return ""
	case 1:
		return q[0]
	}
	return strings.Join(q[:len(q)-1], ", ") + " or " + q[len(q)-1]
}
