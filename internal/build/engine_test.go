package build

import (
	"os"
	"os/exec"
	"strings"
	"testing"
)

// The cache is keyed to the build ID the go command stamps into jihat;
// it must be read as the go command itself reads it.
func TestGoBuildID(t *testing.T) {
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	got := goBuildID(exe)
	if got == "" {
		t.Fatalf("no build ID read from %s", exe)
	}
	out, err := exec.Command("go", "tool", "buildid", exe).Output()
	if err != nil {
		t.Skipf("go tool buildid: %v", err)
	}
	if want := strings.TrimSpace(string(out)); got != want {
		t.Errorf("goBuildID = %q, go tool buildid = %q", got, want)
	}
	if v := engineVersion(); v != "go:"+got {
		t.Errorf("engineVersion = %q, want the build ID", v)
	}
	if goBuildID("testdata") != "" || goBuildID("build.go") != "" {
		t.Error("a build ID read from something that is not an executable")
	}
}
