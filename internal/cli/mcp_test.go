package cli

import (
	"context"
	"io"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/modelcontextprotocol/go-sdk/mcp"
)

// TestMCPOverStdio runs the mcp command on pipes, as an editor would run
// the process, and calls a tool with the SDK's client.
func TestMCPOverStdio(t *testing.T) {
	f, _, errOut := testFactory()
	clientToServer, serverIn := io.Pipe()
	serverOut, serverToClient := io.Pipe()
	f.IO = Test(clientToServer, serverToClient, errOut)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	c := NewCmdMCP(f, nil)
	c.SetArgs([]string{"--repo", filepath.Join("..", "..", "examples", "bookstore"), "--db", filepath.Join(t.TempDir(), "h.db")})
	c.SetOut(io.Discard)
	c.SetErr(io.Discard)
	done := make(chan error, 1)
	go func() { done <- c.ExecuteContext(ctx) }()

	cs, err := mcp.NewClient(&mcp.Implementation{Name: "editor", Version: "1"}, nil).Connect(ctx,
		&mcp.IOTransport{Reader: serverOut, Writer: serverIn}, nil)
	if err != nil {
		t.Fatal(err)
	}
	res, err := cs.CallTool(ctx, &mcp.CallToolParams{Name: "plan_story", Arguments: map[string]any{
		"story": map[string]any{"goal": "cancel a pending order", "criteria": []string{"cancelling returns 200"}},
	}})
	if err != nil {
		t.Fatal(err)
	}
	if res.IsError {
		t.Fatalf("plan_story failed: %+v", res.Content)
	}
	cs.Close()
	serverIn.Close()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("mcp = %v", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("mcp did not stop when the client left")
	}
	if !strings.Contains(errOut.String(), "MCP server for") {
		t.Errorf("stderr: %s", errOut.String())
	}
}
