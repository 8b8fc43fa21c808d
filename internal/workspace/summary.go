package workspace

import (
	"fmt"
	"strings"
)

// maxSummaryLanguages bounds how many languages LanguageSummary names before
// it folds the rest into "others".
const maxSummaryLanguages = 5

// PrimaryLanguage names the language with the most bytes, or "unknown" when
// the repository holds no programming language.
func (f *Facts) PrimaryLanguage() string {
	if f == nil || len(f.Languages) == 0 {
		return "unknown"
	}
	return f.Languages[0].Name
}

// LanguageSummary describes the languages by their share of bytes, such as
// "Go (92%), Shell (8%)". Shares under one percent read "<1%"; beyond five
// languages the rest are folded into "others". It returns "unknown" when
// there is no programming language.
func (f *Facts) LanguageSummary() string {
	if f == nil || len(f.Languages) == 0 {
		return "unknown"
	}
	var total int64
	for _, l := range f.Languages {
		total += l.Bytes
	}
	if total == 0 {
		names := make([]string, len(f.Languages))
		for i, l := range f.Languages {
			names[i] = l.Name
		}
		return strings.Join(names, ", ")
	}
	var parts []string
	var rest int64
	for i, l := range f.Languages {
		if i >= maxSummaryLanguages && len(f.Languages) > maxSummaryLanguages+1 {
			rest += l.Bytes
			continue
		}
		parts = append(parts, fmt.Sprintf("%s (%s)", l.Name, percent(l.Bytes, total)))
	}
	if rest > 0 {
		parts = append(parts, fmt.Sprintf("others (%s)", percent(rest, total)))
	}
	return strings.Join(parts, ", ")
}

func percent(part, total int64) string {
	p := (part*100 + total/2) / total
	if p == 0 && part > 0 {
		return "<1%"
	}
	return fmt.Sprintf("%d%%", p)
}

// Framework names the most likely framework, or "none detected".
func (f *Facts) Framework() string {
	if f == nil || len(f.Frameworks) == 0 {
		return "none detected"
	}
	return f.Frameworks[0]
}

// DependencySummary lists up to max dependencies as "name version", runtime
// dependencies before development ones, each name once (the declaration
// nearest the root wins), followed by "and N more" when some were left out.
// A max of zero or less lists them all. It returns "none detected" when no
// manifest declared anything.
func (f *Facts) DependencySummary(max int) string {
	if f == nil {
		return "none detected"
	}
	seen := map[string]bool{}
	var runtime, dev []string
	for _, wantDev := range []bool{false, true} {
		for _, d := range f.Dependencies {
			key := d.Ecosystem + "\x00" + d.Name
			if d.Dev != wantDev || seen[key] {
				continue
			}
			seen[key] = true
			s := d.Name
			if d.Version != "" {
				s += " " + d.Version
			}
			if d.Dev {
				dev = append(dev, s+" (dev)")
			} else {
				runtime = append(runtime, s)
			}
		}
	}
	all := append(runtime, dev...)
	if len(all) == 0 {
		return "none detected"
	}
	if max <= 0 || len(all) <= max {
		return strings.Join(all, ", ")
	}
	return fmt.Sprintf("%s, and %d more", strings.Join(all[:max], ", "), len(all)-max)
}

// Doc returns the first document of the given kind. Documents under .ai/
// come before those under docs/, which come before the rest.
func (f *Facts) Doc(kind DocKind) (Document, bool) {
	if f == nil {
		return Document{}, false
	}
	for _, d := range f.Documents {
		if d.Kind == kind {
			return d, true
		}
	}
	return Document{}, false
}
