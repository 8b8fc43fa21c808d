package planner

import (
	"crypto/sha256"
	"os"
	"path/filepath"
	"sort"
	"sync"

	"github.com/groundplan/groundplan/internal/index"
	"github.com/groundplan/groundplan/internal/redact"
)

// redactor returns the planner's secret redactor: Planner.Redactor, or the
// default one, built on first use and shared by every request. Building it
// takes tens of milliseconds, so it is only built for a text that is not
// already known to be clean.
func (p *Planner) redactor() (*redact.Redactor, error) {
	p.redactOnce.Do(func() {
		if p.Redactor != nil {
			p.memo.r = p.Redactor
			return
		}
		p.memo.r, p.redactErr = redact.New(redact.Options{})
	})
	return p.memo.r, p.redactErr
}

// cleanMemo returns the planner's persistent memo of clean texts, loaded on
// first use, or nil when the index cache is off (IndexOptions.NoCache) or
// no cache directory can be found. It lives beside the index cache: in
// "redact" next to IndexOptions.CacheDir, or in the user cache directory's
// groundplan/redact.
func (p *Planner) cleanMemo() *cleanMemo {
	p.memo.cleanOnce.Do(func() {
		if p.IndexOptions.NoCache {
			return
		}
		var dir string
		if d := p.IndexOptions.CacheDir; d != "" {
			dir = filepath.Join(filepath.Dir(filepath.Clean(d)), "redact")
		} else {
			base, err := os.UserCacheDir()
			if err != nil {
				return
			}
			dir = filepath.Join(base, "groundplan", "redact")
		}
		fp := redact.Fingerprint(redact.Options{})
		if p.Redactor != nil {
			fp = p.Redactor.Fingerprint()
		}
		p.memo.clean = openCleanMemo(dir, fp)
	})
	return p.memo.clean
}

// secrets guards one request: it refuses files that exist to hold secrets
// and redacts secret values in everything that goes into the prompt,
// collecting what it redacted (never the values). End the request with
// close.
type secrets struct {
	files  *redact.FileMatcher
	p      *Planner
	redact bool // false with --no-redact
	memo   *redactMemo
	clean  *cleanMemo // nil when not kept across processes

	mu       sync.Mutex
	findings []redact.Finding
	seen     map[string]bool
	err      error // the redactor could not be built
	// Texts the redactor scanned, those of them in which it found secrets,
	// and texts taken as clean from the persistent memo without a scan.
	scanned, found, remembered int
}

func (p *Planner) newSecrets(ix *index.Index, noRedact bool) (*secrets, error) {
	extra, err := redact.LoadIgnore(func(rel string) ([]byte, error) { return ix.Read(rel, 1<<20) })
	if err != nil {
		return nil, inputErr(err)
	}
	s := &secrets{files: redact.NewFileMatcher(extra), p: p, redact: !noRedact, seen: map[string]bool{}, memo: &p.memo}
	if s.redact {
		s.clean = p.cleanMemo()
	}
	return s, nil
}

// close ends the request: it saves the texts newly found clean and returns
// the error that made filter withhold text, if any.
func (s *secrets) close() error {
	if s.clean != nil {
		s.clean.save()
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.err
}

// refuse says why a file must never be sent to a model.
func (s *secrets) refuse(rel string) (string, bool) { return s.files.Match(rel) }

// filter redacts text from source, recording the findings.
func (s *secrets) filter(source, text string) string { return s.filterAt(source, 1, text) }

// filterAt redacts text that starts at a given line of source. Should the
// redactor fail to build, it returns "" (nothing unscanned leaves) and close
// reports the error.
func (s *secrets) filterAt(source string, line int, text string) string {
	if !s.redact {
		return text
	}
	out, fs, err := s.redactText(source, text)
	s.mu.Lock()
	defer s.mu.Unlock()
	if err != nil {
		if s.err == nil {
			s.err = err
		}
		return ""
	}
	for _, f := range fs {
		f.Line += line - 1
		k := f.String()
		if !s.seen[k] {
			s.seen[k] = true
			s.findings = append(s.findings, f)
		}
	}
	return out
}

// redactText looks text up in the planner's memo, then in the persistent
// memo of clean texts, and only then scans it, building the redactor if
// this is the first scan.
func (s *secrets) redactText(source, text string) (string, []redact.Finding, error) {
	key := textKey(source, text)
	if out, fs, ok := s.memo.get(key); ok {
		return out, fs, nil
	}
	ck := cleanKey(key[:16])
	if s.clean != nil && s.clean.has(ck) {
		s.count(&s.remembered)
		return text, nil, nil
	}
	r, err := s.p.redactor()
	if err != nil {
		return "", nil, err
	}
	s.count(&s.scanned)
	out, fs := r.Redact(text, source)
	s.memo.put(key, out, fs)
	if len(fs) > 0 {
		s.count(&s.found)
	}
	if len(fs) == 0 && s.clean != nil {
		// Redact returns text unchanged exactly when it finds nothing.
		s.clean.add(ck)
	}
	return out, append([]redact.Finding(nil), fs...), nil
}

func (s *secrets) count(n *int) {
	s.mu.Lock()
	*n++
	s.mu.Unlock()
}

// list returns the findings sorted by source and line.
func (s *secrets) list() []redact.Finding {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := append([]redact.Finding(nil), s.findings...)
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Source != out[j].Source {
			return out[i].Source < out[j].Source
		}
		return out[i].Line < out[j].Line
	})
	return out
}

// redactMemo remembers redactions by source and content hash, so that a
// planner serving many requests over one repository (the server) scans each
// file once. It holds at most memoLimit entries and starts afresh beyond.
// It also holds the planner's redactor and persistent memo of clean texts
// once they exist.
type redactMemo struct {
	mu sync.Mutex
	m  map[[32]byte]memoEntry

	r         *redact.Redactor // built (or taken from Planner.Redactor) on first scan
	cleanOnce sync.Once
	clean     *cleanMemo
}

type memoEntry struct {
	out      string
	findings []redact.Finding
}

const memoLimit = 20000

// textKey hashes a text with its source label: the label is part of the
// key because it selects path-specific rules.
func textKey(source, text string) [32]byte {
	h := sha256.New()
	h.Write([]byte(source))
	h.Write([]byte{0})
	h.Write([]byte(text))
	var key [32]byte
	h.Sum(key[:0])
	return key
}

func (m *redactMemo) get(key [32]byte) (string, []redact.Finding, bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	e, ok := m.m[key]
	if !ok {
		return "", nil, false
	}
	return e.out, append([]redact.Finding(nil), e.findings...), true
}

func (m *redactMemo) put(key [32]byte, out string, fs []redact.Finding) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.m == nil || len(m.m) >= memoLimit {
		m.m = map[[32]byte]memoEntry{}
	}
	m.m[key] = memoEntry{out: out, findings: fs}
}
