package enry

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"

	upstream "github.com/go-enry/go-enry/v2"
	updata "github.com/go-enry/go-enry/v2/data"

	"github.com/groundplan/groundplan/internal/enry/data"
)

// The fork must answer as go-enry does; these tests compare the two.

func TestTablesMatchUpstream(t *testing.T) {
	for _, c := range []struct {
		name      string
		got, want any
	}{
		{"LanguagesByExtension", data.LanguagesByExtension(), updata.LanguagesByExtension},
		{"ExtensionsByLanguage", data.ExtensionsByLanguage(), updata.ExtensionsByLanguage},
		{"LanguagesByFilename", data.LanguagesByFilename(), updata.LanguagesByFilename},
		{"LanguagesByInterpreter", data.LanguagesByInterpreter(), updata.LanguagesByInterpreter},
		{"LanguagesType", data.LanguagesType(), updata.LanguagesType},
		{"LanguagesGroup", data.LanguagesGroup(), updata.LanguagesGroup},
		{"LanguageByAliasMap", data.LanguageByAliasMap(), updata.LanguageByAliasMap},
		{"GeneratedCodeExtensions", data.GeneratedCodeExtensions(), updata.GeneratedCodeExtensions},
		{"LanguagesLogProbabilities", data.LanguagesLogProbabilities(), updata.LanguagesLogProbabilities},
		{"TokensLogProbabilities", data.TokensLogProbabilities(), updata.TokensLogProbabilities},
		{"TokensTotal", data.TokensTotal(), updata.TokensTotal},
		{"FastVendorMatcher", data.FastVendorMatcher().String(), updata.FastVendorMatcher.String()},
		{"ContentHeuristics", heuristicKeys(data.ContentHeuristics()), heuristicKeys(updata.ContentHeuristics)},
	} {
		if !reflect.DeepEqual(c.got, c.want) {
			t.Errorf("%s differs from go-enry's", c.name)
		}
	}
}

func heuristicKeys[H any](m map[string]*H) map[string]int {
	out := map[string]int{}
	for k, v := range m {
		out[k] = reflect.ValueOf(*v).Len()
	}
	return out
}

// TestSameAnswersAsUpstream asks both the questions groundplan asks of
// every file of this repository and of the trees GROUNDPLAN_ENRY_TREES
// names (separated by the list separator), e.g. the benchmark checkouts:
//
//	GROUNDPLAN_ENRY_TREES=/work/benchtrees/moby:/work/benchrepos/cli+cli go test ./internal/enry
func TestSameAnswersAsUpstream(t *testing.T) {
	roots := []string{"../.."}
	if env := os.Getenv("GROUNDPLAN_ENRY_TREES"); env != "" {
		roots = append(roots, filepath.SplitList(env)...)
	}
	// Names no tree has, for the name-only questions.
	for _, name := range []string{"Makefile", "x.h", "x.m", "x.pl", "x.ts", "x.1", "x.inc", "x.md", "README", "node_modules/a.js", "a/vendor/b.go", "x.min.js", "x.pb.go", "Godeps/_workspace/x.go", "jquery-3.1.1.js", "x.designer.cs", "a/.idea/x.xml"} {
		compare(t, name, []byte("#!/usr/bin/env perl\nuse strict;\n"), true)
	}
	files := 0
	for _, root := range roots {
		err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return nil
			}
			if d.IsDir() {
				if d.Name() == ".git" {
					return filepath.SkipDir
				}
				return nil
			}
			if !d.Type().IsRegular() {
				return nil
			}
			rel, _ := filepath.Rel(root, p)
			rel = filepath.ToSlash(rel)
			b, err := os.ReadFile(p)
			if err != nil || len(b) > 1<<20 {
				return nil
			}
			files++
			compare(t, rel, b, files%25 == 0)
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	t.Logf("%d files compared", files)
}

// TestSameAnswersAsUpstreamOnCases asks the same of every file, as of the
// base commit of every benchmark case, of the git directories under
// GROUNDPLAN_ENRY_REPOS (owner+name/repo, as eval reads them); the cases are
// the JSON lines files GROUNDPLAN_ENRY_CASES names. Each path and content
// is asked about once.
//
//	GROUNDPLAN_ENRY_REPOS=/work/benchrepos GROUNDPLAN_ENRY_CASES=/work/benchcases/dev.jsonl:/work/benchcases/heldout.jsonl go test ./internal/enry
func TestSameAnswersAsUpstreamOnCases(t *testing.T) {
	reposDir, casesEnv := os.Getenv("GROUNDPLAN_ENRY_REPOS"), os.Getenv("GROUNDPLAN_ENRY_CASES")
	if reposDir == "" || casesEnv == "" {
		t.Skip("GROUNDPLAN_ENRY_REPOS and GROUNDPLAN_ENRY_CASES not set")
	}
	bases := map[string][]string{} // repo → base commits
	seenBase := map[string]bool{}
	for _, p := range filepath.SplitList(casesEnv) {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		for _, line := range bytes.Split(b, []byte("\n")) {
			var c struct{ Repo, Base string }
			if len(bytes.TrimSpace(line)) == 0 {
				continue
			}
			if err := json.Unmarshal(line, &c); err != nil {
				t.Fatal(err)
			}
			if !seenBase[c.Repo+"@"+c.Base] {
				seenBase[c.Repo+"@"+c.Base] = true
				bases[c.Repo] = append(bases[c.Repo], c.Base)
			}
		}
	}
	files, commits, missing := 0, 0, 0
	for repo, revs := range bases {
		gd := filepath.Join(reposDir, strings.ReplaceAll(repo, "/", "+"), "repo")
		seen := map[string]bool{} // path NUL oid
		cat := exec.Command("git", "--git-dir", gd, "cat-file", "--batch")
		in, _ := cat.StdinPipe()
		outPipe, _ := cat.StdoutPipe()
		out := bufio.NewReaderSize(outPipe, 1<<20)
		if err := cat.Start(); err != nil {
			t.Fatal(err)
		}
		for _, rev := range revs {
			commits++
			ls, err := exec.Command("git", "--git-dir", gd, "ls-tree", "-r", "-z", "-l", rev).Output()
			if err != nil {
				t.Fatalf("%s %s: %v", repo, rev, err)
			}
			for _, rec := range bytes.Split(ls, []byte{0}) {
				tab := bytes.IndexByte(rec, '\t')
				if tab < 0 {
					continue
				}
				meta := strings.Fields(string(rec[:tab]))
				rel := string(rec[tab+1:])
				if len(meta) != 4 || meta[1] != "blob" || meta[0] == "120000" || seen[rel+"\x00"+meta[2]] {
					continue
				}
				seen[rel+"\x00"+meta[2]] = true
				fmt.Fprintln(in, meta[2])
				hdr, err := out.ReadString('\n')
				if err != nil {
					t.Fatal(err)
				}
				f := strings.Fields(hdr)
				if len(f) == 2 && f[1] == "missing" {
					missing++ // a partial clone
					continue
				}
				if len(f) != 3 {
					t.Fatalf("git cat-file: %q", hdr)
				}
				size, _ := strconv.Atoi(f[2])
				content := make([]byte, size+1)
				if _, err := io.ReadFull(out, content); err != nil {
					t.Fatal(err)
				}
				content = content[:size]
				if size > 1<<20 {
					continue
				}
				files++
				compare(t, rel, content, files%25 == 0)
			}
		}
		in.Close()
		cat.Wait()
	}
	t.Logf("%d distinct files of %d commits compared (%d blobs missing from the clones)", files, commits, missing)
}

// compare asks both packages about one file; classify adds the (slow)
// classifier over every language.
func compare(t *testing.T, rel string, content []byte, classify bool) {
	t.Helper()
	base := path.Base(rel)
	head := content
	if len(head) > 16<<10 {
		head = head[:16<<10]
	}
	gen := content
	if len(gen) > 4<<10 {
		gen = gen[:4<<10]
	}
	check := func(what string, got, want any) {
		t.Helper()
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s: %s = %v, go-enry says %v", rel, what, got, want)
		}
	}
	l1, s1 := GetLanguageByFilename(base)
	u1, us1 := upstream.GetLanguageByFilename(base)
	check("GetLanguageByFilename", [2]any{l1, s1}, [2]any{u1, us1})
	l2, s2 := GetLanguageByExtension(base)
	u2, us2 := upstream.GetLanguageByExtension(base)
	check("GetLanguageByExtension", [2]any{l2, s2}, [2]any{u2, us2})
	check("GetLanguages", GetLanguages(base, head), upstream.GetLanguages(base, head))
	lang := GetLanguage(base, head)
	check("GetLanguage", lang, upstream.GetLanguage(base, head))
	check("GetLanguagesByContent", GetLanguagesByContent(base, content, nil), upstream.GetLanguagesByContent(base, content, nil))
	check("GetLanguageType", int(GetLanguageType(lang)), int(upstream.GetLanguageType(lang)))
	check("GetLanguageGroup", GetLanguageGroup(lang), upstream.GetLanguageGroup(lang))
	check("IsVendor", IsVendor(rel), upstream.IsVendor(rel))
	check("IsGenerated", IsGenerated(rel, gen), upstream.IsGenerated(rel, gen))
	check("IsBinary", IsBinary(content), upstream.IsBinary(content))
	if classify && !IsBinary(content) {
		cands := []string{"C", "C++", "Objective-C", "Perl", "Prolog", "Raku", "TypeScript", "XML", "Go", "Python", "Markdown", "Text", "Shell", "JavaScript", "Ruby", "YAML"}
		// Languages of equal score come in no defined order, upstream's
		// included: compare the sets, and the first where upstream agrees
		// with itself.
		got, want := GetLanguagesByClassifier(base, head, cands), upstream.GetLanguagesByClassifier(base, head, cands)
		if again := upstream.GetLanguagesByClassifier(base, head, cands); len(want) > 0 && len(again) > 0 && want[0] == again[0] && len(got) > 0 {
			check("GetLanguagesByClassifier[0]", got[0], want[0])
		}
		check("GetLanguagesByClassifier (set)", sorted(got), sorted(want))
	}
}

func sorted(s []string) []string {
	s = slices.Clone(s)
	slices.Sort(s)
	return s
}
