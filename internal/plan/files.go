package plan

import (
	"regexp"
	"strings"
)

// parseFiles reads the files section. Each line naming a path gives one
// FileChange. The action comes, first, from a marker on the line ("(new)",
// "[MODIFY]", "**NEW**", a leading "Create"/"Modify" verb, git's "A"/"M"/"D"),
// then from the nearest label or heading ("### New files", "Modified:"),
// then from the first word of the reason ("— create the service"), and is
// modify otherwise. Tables with a file column and an action column work
// too. Lines inside code blocks count only when the path has a directory.
func parseFiles(ls []mdLine) []FileChange {
	var out fileSet
	ctx := Action("")
	for i := 0; i < len(ls); {
		if tableAt(ls, i) {
			tb, j := readTable(ls, i)
			out.add(filesFromTable(tb, ctx)...)
			i = j
			continue
		}
		l := ls[i]
		i++
		if l.fence {
			if l.fenceOpen || l.fenceEnd {
				continue
			}
			t := strings.TrimLeft(l.text, " \t│├└─┬┴┼|`-+")
			for _, fc := range fileLine(t, ctx, l.no) {
				if strings.Contains(fc.Path, "/") {
					out.add(fc)
				}
			}
			continue
		}
		if isBlank(l.text) {
			continue
		}
		if a, ok := fileLabel(l.text); ok {
			if a != "" {
				ctx = a
			}
			continue
		}
		out.add(fileLine(l.text, ctx, l.no)...)
	}
	return out.list
}

// fileLabel recognises a heading or label line in a files section and the
// action it names ("" when it names none, e.g. "### Backend").
func fileLabel(s string) (Action, bool) {
	t := ""
	if _, ht, ok := atxHeading(s); ok {
		t = ht
	} else {
		u := s
		if m, ok := listMarker(u); ok {
			u = m.rest
		}
		lt, ok := labelText(u)
		if !ok {
			return "", false
		}
		t = lt
	}
	if len(pathsIn(s)) > 0 {
		return "", false
	}
	return actionWords(t), true
}

// actionWords returns the one action a label names, or "".
func actionWords(t string) Action {
	low := strings.ToLower(t)
	var found []Action
	if strings.Contains(low, "delet") || strings.Contains(low, "remov") {
		found = append(found, ActionDelete)
	}
	if indexWord(low, "new") >= 0 || indexWord(low, "newly") >= 0 || strings.Contains(low, "creat") ||
		indexWord(low, "add") >= 0 || indexWord(low, "added") >= 0 {
		found = append(found, ActionNew)
	}
	if strings.Contains(low, "modif") || strings.Contains(low, "chang") || strings.Contains(low, "existing") ||
		strings.Contains(low, "updat") || strings.Contains(low, "edit") || strings.Contains(low, "touch") {
		found = append(found, ActionModify)
	}
	if len(found) == 1 {
		return found[0]
	}
	return ""
}

var (
	bracketActionRe = regexp.MustCompile(`(?i)[(\[]\s*(new(?: file)?|create[sd]?|add(?:ed)?|modif(?:y|ied)|update[sd]?|edit(?:ed)?|change[sd]?|existing|delete[sd]?|remove[sd]?)\s*[)\]]`)
	boldActionRe    = regexp.MustCompile(`(?i)(?:\*\*|__)\s*(new(?: file)?|create[sd]?|added|modif(?:y|ied)|update[sd]?|delete[sd]?|remove[sd]?)\s*:?\s*(?:\*\*|__)`)
	verbRe          = regexp.MustCompile(`(?i)^[*_]{0,2}(create|add|modify|update|edit|change|extend|delete|remove|new)[*_]{0,2}:?[*_]{0,2}$`)
	gitStatusRe     = regexp.MustCompile(`^([MAD])\s+\S`)
)

// wordAction maps one action word to its action.
func wordAction(w string) Action {
	w = strings.ToLower(strings.Trim(w, "*_:.,;()[] "))
	switch {
	case w == "new" || w == "new file" || w == "add" || w == "added" || w == "adds" || strings.HasPrefix(w, "creat"):
		return ActionNew
	case strings.HasPrefix(w, "modif") || strings.HasPrefix(w, "updat") || strings.HasPrefix(w, "edit") ||
		strings.HasPrefix(w, "chang") || strings.HasPrefix(w, "extend") || w == "existing":
		return ActionModify
	case strings.HasPrefix(w, "delet") || strings.HasPrefix(w, "remov"):
		return ActionDelete
	}
	return ""
}

// fileLine reads the file changes of one line.
func fileLine(s string, ctx Action, no int) []FileChange {
	t := s
	if m, ok := listMarker(t); ok {
		t = m.rest
	}
	t = strings.TrimSpace(t)
	for _, box := range []string{"[ ]", "[x]", "[X]"} {
		t = strings.TrimSpace(strings.TrimPrefix(t, box))
	}
	low := strings.ToLower(t)
	for _, w := range []string{"unchanged", "no changes", "no change", "not modified", "not changed"} {
		if strings.Contains(low, w) {
			return nil
		}
	}
	toks := tokenize(t)
	first := -1
	for k, tk := range toks {
		if _, _, ok := pathOf(tk); ok {
			first = k
			break
		}
	}
	lenient := ""
	if first < 0 {
		// an odd file name in code at the start of the line: `LICENSE`
		if len(toks) == 0 || !toks[0].Code || toks[0].Start > 2 || toks[0].Text == "" || strings.ContainsAny(toks[0].Text, " \t") {
			return nil
		}
		first = 0
		lenient = strings.TrimPrefix(strings.ReplaceAll(toks[0].Text, `\`, "/"), "./")
	}
	headEnd, tail := len(t), ""
	best, n := -1, 0
	rest := t[toks[first].End:]
	for _, sep := range []string{" — ", " – ", " - ", ": ", " → ", " -> ", "—", "–"} {
		if k := indexOutsideCode(rest, sep); k >= 0 && (best < 0 || k < best) {
			best, n = k, len(sep)
		}
	}
	if best >= 0 {
		headEnd = toks[first].End + best
		tail = t[headEnd+n:]
	}
	head := t[:headEnd]

	var paths []string
	if lenient != "" {
		paths = []string{lenient}
	} else {
		for _, tk := range toks {
			if tk.End > headEnd {
				break
			}
			if p, _, ok := pathOf(tk); ok {
				paths = appendUnique(paths, p)
			}
		}
	}

	action := Action("")
	if m := bracketActionRe.FindStringSubmatch(t); m != nil {
		action = wordAction(m[1])
	} else if m := boldActionRe.FindStringSubmatch(t); m != nil {
		action = wordAction(m[1])
	} else if first == 1 && verbRe.MatchString(toks[0].Text) && !toks[0].Code {
		action = wordAction(toks[0].Text)
	} else if m := gitStatusRe.FindStringSubmatch(head); m != nil && first == 1 {
		action = map[string]Action{"M": ActionModify, "A": ActionNew, "D": ActionDelete}[m[1]]
	}
	if action == "" {
		action = ctx
	}
	if action == "" {
		if f := strings.Fields(trimSep(tail)); len(f) > 0 {
			action = wordAction(f[0])
			if action == ActionNew && strings.ToLower(strings.Trim(f[0], "*_:.,")) == "add" {
				action = "" // "— add a route" is about the change, not the file
			}
		}
	}
	if action == "" {
		action = ActionModify
	}
	reason := trimSep(bracketActionRe.ReplaceAllString(tail, ""))
	reason = strings.Join(strings.Fields(reason), " ")
	out := make([]FileChange, 0, len(paths))
	for _, p := range paths {
		out = append(out, FileChange{Path: p, Action: action, Reason: reason, Line: no})
	}
	return out
}

// filesFromTable reads file changes from a table with a file column.
func filesFromTable(tb table, ctx Action) []FileChange {
	pathCol := tb.column(func(h string) bool {
		return strings.Contains(h, "file") || strings.Contains(h, "path") || strings.Contains(h, "location")
	})
	actCol := tb.column(func(h string) bool {
		switch h {
		case "action", "change", "change type", "type", "status", "operation", "kind", "mode", "new/modified",
			"new or modified", "modified/new", "op":
			return true
		}
		return false
	})
	reasonCol := -1
	for i, h := range tb.header {
		h = strings.ToLower(stripEmphasis(h))
		if i == pathCol || i == actCol {
			continue
		}
		for _, w := range []string{"reason", "description", "purpose", "change", "note", "detail", "why", "summary", "what"} {
			if strings.Contains(h, w) {
				reasonCol = i
				break
			}
		}
		if reasonCol >= 0 {
			break
		}
	}
	var out []FileChange
	for _, row := range tb.rows {
		cell := strings.Join(row.cells, " ")
		if pathCol >= 0 {
			cell = row.cell(pathCol)
		}
		paths := pathsIn(cell)
		if len(paths) == 0 && pathCol >= 0 {
			paths = listedPaths(cell)
		}
		if len(paths) == 0 {
			continue
		}
		action := Action("")
		reason := row.cell(reasonCol)
		if actCol >= 0 {
			a := stripEmphasis(row.cell(actCol))
			if len(strings.Fields(a)) <= 2 {
				for _, w := range strings.Fields(a) {
					if action = wordAction(w); action != "" {
						break
					}
				}
				if action == "" {
					action = wordAction(a)
				}
			} else if reason == "" {
				reason = a
			}
		}
		all := strings.Join(row.cells, " ")
		if action == "" {
			if m := bracketActionRe.FindStringSubmatch(all); m != nil {
				action = wordAction(m[1])
			} else if m := boldActionRe.FindStringSubmatch(all); m != nil {
				action = wordAction(m[1])
			}
		}
		if action == "" {
			action = ctx
		}
		if action == "" {
			action = ActionModify
		}
		for _, p := range paths {
			out = append(out, FileChange{Path: p, Action: action, Reason: reason, Line: row.no})
		}
	}
	return out
}

// fileSet collects file changes, one per path: the first mention wins, a
// later one only fills in a missing reason.
type fileSet struct {
	list []FileChange
	idx  map[string]int
}

func (s *fileSet) add(fcs ...FileChange) {
	if s.idx == nil {
		s.idx = map[string]int{}
		for i, f := range s.list {
			s.idx[f.Path] = i
		}
	}
	for _, fc := range fcs {
		if i, ok := s.idx[fc.Path]; ok {
			if s.list[i].Reason == "" {
				s.list[i].Reason = fc.Reason
			}
			continue
		}
		s.idx[fc.Path] = len(s.list)
		s.list = append(s.list, fc)
	}
}

// mergeFiles appends more to list with the rules of fileSet.
func mergeFiles(list, more []FileChange) []FileChange {
	s := fileSet{list: list}
	s.add(more...)
	return s.list
}
