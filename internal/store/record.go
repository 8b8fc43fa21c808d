package store

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"os/exec"
	"strings"

	"github.com/groundplan/groundplan/internal/story"
)

// StoryKey identifies a story independently of how it was written down:
// the kind, actor, goal, benefit, criteria and spec, with case and white
// space folded. Two plans with the same key were written for the same
// story.
func StoryKey(s *story.Story) string {
	if s == nil {
		return ""
	}
	h := sha256.New()
	put := func(v string) {
		h.Write([]byte(strings.Join(strings.Fields(strings.ToLower(v)), " ")))
		h.Write([]byte{0})
	}
	put(string(s.Kind))
	put(s.Actor)
	put(s.Goal)
	put(s.Benefit)
	for _, c := range s.Criteria {
		put(c.Text)
	}
	put(s.Spec)
	return hex.EncodeToString(h.Sum(nil))[:16]
}

// StoryTitle is the title a story is listed under: its title, else its
// goal.
func StoryTitle(s *story.Story) string {
	if s == nil {
		return ""
	}
	if t := strings.TrimSpace(s.Title); t != "" {
		return t
	}
	return strings.TrimSpace(s.Goal)
}

// HeadCommit returns the commit HEAD points at in the git repository that
// holds dir, or "" when dir is not in a git repository (or git is not
// installed).
func HeadCommit(ctx context.Context, dir string) string {
	cmd := exec.CommandContext(ctx, "git", "-C", dir, "rev-parse", "--verify", "-q", "HEAD")
	var out bytes.Buffer
	cmd.Stdout = &out
	if err := cmd.Run(); err != nil {
		return ""
	}
	return strings.TrimSpace(out.String())
}
