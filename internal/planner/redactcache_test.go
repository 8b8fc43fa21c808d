package planner

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
)

var testFingerprint = strings.Repeat("ab", 32)

func keyOf(i int) cleanKey {
	sum := sha256.Sum256(binary.LittleEndian.AppendUint64(nil, uint64(i)))
	return cleanKey(sum[:16])
}

func TestCleanMemoRoundTrip(t *testing.T) {
	dir := t.TempDir()
	m := openCleanMemo(dir, testFingerprint)
	if m.has(keyOf(1)) {
		t.Fatal("an empty memo knows a key")
	}
	for i := range 100 {
		m.add(keyOf(i))
	}
	m.save()
	if !m.has(keyOf(5)) {
		t.Fatal("a saved key is lost in this process")
	}
	m2 := openCleanMemo(dir, testFingerprint)
	for i := range 100 {
		if !m2.has(keyOf(i)) {
			t.Fatalf("key %d was not saved", i)
		}
	}
	if m2.has(keyOf(100)) {
		t.Fatal("the memo knows a key never added")
	}
	// Nothing added: nothing written.
	info, _ := os.Stat(m2.path)
	os.Chtimes(m2.path, info.ModTime().Add(-3600e9), info.ModTime().Add(-3600e9))
	m2.save()
	if after, _ := os.Stat(m2.path); !after.ModTime().Before(info.ModTime()) {
		t.Error("save without new keys rewrote the file")
	}
	if other := openCleanMemo(dir, strings.Repeat("cd", 32)); other.has(keyOf(1)) {
		t.Error("a memo of other rules knows a key")
	}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if strings.HasSuffix(e.Name(), ".tmp") {
			t.Errorf("temporary file %s left behind", e.Name())
		}
	}
}

func TestCleanMemoIsBounded(t *testing.T) {
	dir := t.TempDir()
	m := openCleanMemo(dir, testFingerprint)
	for i := range maxClean {
		m.add(keyOf(i))
	}
	m.save()
	m = openCleanMemo(dir, testFingerprint)
	if len(m.base) != maxClean {
		t.Fatalf("%d keys loaded, want %d", len(m.base), maxClean)
	}
	// Over the bound: start afresh with what this process used and added.
	used := []int{3, 70_000, maxClean - 1}
	for _, i := range used {
		if !m.has(keyOf(i)) {
			t.Fatalf("key %d missing", i)
		}
	}
	m.add(keyOf(maxClean))
	m.save()
	m = openCleanMemo(dir, testFingerprint)
	if len(m.base) != len(used)+1 {
		t.Fatalf("%d keys after starting afresh, want %d", len(m.base), len(used)+1)
	}
	for _, i := range append(used, maxClean) {
		if !m.has(keyOf(i)) {
			t.Errorf("key %d was dropped", i)
		}
	}
}

func TestCleanMemoConcurrent(t *testing.T) {
	dir := t.TempDir()
	memos := []*cleanMemo{openCleanMemo(dir, testFingerprint), openCleanMemo(dir, testFingerprint)}
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			m := memos[g%2] // two "processes", four requests each
			for i := range 200 {
				k := keyOf(g*1000 + i)
				m.has(k)
				m.add(k)
				if i%50 == 49 {
					m.save()
				}
			}
		}()
	}
	wg.Wait()
	// The last rename won; whatever it holds is a valid memo.
	m := openCleanMemo(dir, testFingerprint)
	if len(m.base) == 0 {
		t.Fatal("no memo after concurrent saves")
	}
	for _, k := range m.base {
		found := false
		for g := range 8 {
			for i := range 200 {
				found = found || k == keyOf(g*1000+i)
			}
		}
		if !found {
			t.Fatalf("unknown key %x", k)
		}
	}
}

func FuzzDecodeClean(f *testing.F) {
	keys := []cleanKey{keyOf(1), keyOf(2), keyOf(3)}
	slices.SortFunc(keys, compareKeys)
	valid := encodeClean(keys, testFingerprint)
	if _, err := decodeClean(valid, testFingerprint); err != nil {
		f.Fatal(err)
	}
	f.Add(valid)
	f.Add(valid[:len(valid)-1])
	f.Add(encodeClean(nil, testFingerprint))
	f.Add(encodeClean([]cleanKey{keyOf(2), keyOf(1)}, testFingerprint))
	f.Add([]byte(cleanMagic))
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, data []byte) {
		keys, err := decodeClean(data, testFingerprint)
		if err != nil {
			if keys != nil {
				t.Fatal("keys with an error")
			}
			return
		}
		if !bytes.Equal(encodeClean(keys, testFingerprint), data) {
			t.Fatal("a valid file does not encode back to itself")
		}
		// Loading it from disk never fails either.
		dir := t.TempDir()
		p := filepath.Join(dir, cleanFileName(testFingerprint))
		if err := os.WriteFile(p, data, 0o600); err != nil {
			t.Fatal(err)
		}
		if m := openCleanMemo(dir, testFingerprint); len(m.base) != len(keys) {
			t.Fatalf("%d keys loaded, %d decoded", len(m.base), len(keys))
		}
	})
}

// BenchmarkOpenCleanMemo loads a full memo, the worst case of a process's
// first lookup.
func BenchmarkOpenCleanMemo(b *testing.B) {
	dir := b.TempDir()
	keys := make([]cleanKey, maxClean)
	for i := range keys {
		keys[i] = keyOf(i)
	}
	slices.SortFunc(keys, compareKeys)
	if err := writeFileAtomic(filepath.Join(dir, cleanFileName(testFingerprint)), encodeClean(keys, testFingerprint)); err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if m := openCleanMemo(dir, testFingerprint); len(m.base) != maxClean {
			b.Fatal("not loaded")
		}
	}
}

// TestPruneCleanMemos: memo files of other rule sets go once unused for a
// month, interrupted writes after an hour; the live memo and files the
// package did not write stay.
func TestPruneCleanMemos(t *testing.T) {
	dir := t.TempDir()
	now := time.Now()
	files := []struct {
		name string
		age  time.Duration
		kept bool
	}{
		{"clean-live.bin", 90 * 24 * time.Hour, true}, // the memo in use, however old
		{"clean-old.bin", 31 * 24 * time.Hour, false},
		{"clean-recent.bin", 2 * 24 * time.Hour, true},
		{".clean-123.tmp", 2 * time.Hour, false},
		{".clean-456.tmp", time.Minute, true}, // a write under way
		{"notes.bin", 90 * 24 * time.Hour, true},
		{"clean-old.txt", 90 * 24 * time.Hour, true},
	}
	for _, f := range files {
		p := filepath.Join(dir, f.name)
		if err := os.WriteFile(p, []byte("x"), 0o600); err != nil {
			t.Fatal(err)
		}
		if err := os.Chtimes(p, now.Add(-f.age), now.Add(-f.age)); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Mkdir(filepath.Join(dir, "clean-dir.bin"), 0o700); err != nil {
		t.Fatal(err)
	}
	pruneCleanMemos(dir, "clean-live.bin", now)
	for _, f := range files {
		_, err := os.Stat(filepath.Join(dir, f.name))
		if kept := err == nil; kept != f.kept {
			t.Errorf("%s: kept %v, want %v", f.name, kept, f.kept)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "clean-dir.bin")); err != nil {
		t.Errorf("a directory was removed: %v", err)
	}
}
