package main

import (
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"time"
)

// measurement is one timed build: what the kernel accounted to the child
// process, and what its output folder holds afterwards.
type measurement struct {
	Name      string
	Wall      time.Duration
	User, Sys time.Duration // CPU time, all threads
	PeakRSS   int64         // bytes, the largest resident set the process reached
	Out       outputStats
	Stdout    string // what the tool printed (jihat's one-line summary)
}

// outputStats describes a built site the same way for jihat and Hugo, by
// walking the folder rather than trusting each tool's own count.
type outputStats struct {
	Pages        int   // .html files
	Files        int   // all files
	Bytes        int64 // all files
	Written      int   // files modified since the build started
	WrittenBytes int64
}

// timeBuild runs cmd to completion and measures it, then walks out.
//
// Wall time is taken around the child alone; CPU time and peak RSS come from
// the kernel's rusage of the child (wait4), so they cover every thread of the
// tool and nothing of this program. Files "written" are those whose
// modification time is not older than the start: a build that leaves
// unchanged files alone writes fewer than its output holds.
func timeBuild(name string, cmd *exec.Cmd, out string) (*measurement, error) {
	// Flush what earlier steps wrote (the corpus, the previous build), so
	// that the kernel writing it back does not compete with this build.
	syscall.Sync()
	// File times come from the kernel's coarse clock, which can lag
	// time.Now by a tick; compare against a start moved back by more than
	// a tick, and keep the previous build's files older than that.
	time.Sleep(100 * time.Millisecond)
	since := time.Now().Add(-20 * time.Millisecond)
	if cmd.Stderr == nil {
		cmd.Stderr = os.Stderr
	}
	start := time.Now()
	stdout, err := cmd.Output()
	wall := time.Since(start)
	if err != nil {
		return nil, fmt.Errorf("%s: %v", strings.Join(cmd.Args, " "), err)
	}
	ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage)
	if !ok {
		return nil, fmt.Errorf("%s: no resource usage from the kernel", name)
	}
	st, err := walkOutput(out, since)
	if err != nil {
		return nil, err
	}
	return &measurement{
		Name:    name,
		Wall:    wall,
		User:    time.Duration(ru.Utime.Nano()),
		Sys:     time.Duration(ru.Stime.Nano()),
		PeakRSS: ru.Maxrss * 1024, // Linux reports kilobytes
		Out:     st,
		Stdout:  strings.TrimSpace(string(stdout)),
	}, nil
}

// walkOutput counts the files under dir, and those modified at or after
// since. (Hugo copies static files with their source's modification time,
// so its two static files never count as written.)
func walkOutput(dir string, since time.Time) (outputStats, error) {
	var st outputStats
	err := filepath.WalkDir(dir, func(name string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		st.Files++
		st.Bytes += info.Size()
		if strings.HasSuffix(name, ".html") {
			st.Pages++
		}
		if !info.ModTime().Before(since) {
			st.Written++
			st.WrittenBytes += info.Size()
		}
		return nil
	})
	return st, err
}

// printTable prints the measurements of one corpus as a Markdown table.
func printTable(ms []*measurement) {
	fmt.Println("| build | wall | CPU user | CPU sys | peak RSS | pages | files | output | written |")
	fmt.Println("| --- | --- | --- | --- | --- | --- | --- | --- | --- |")
	for _, m := range ms {
		fmt.Printf("| %s | %.2f s | %.2f s | %.2f s | %d MiB | %d | %d | %.1f MB | %d files, %.1f MB |\n",
			m.Name, m.Wall.Seconds(), m.User.Seconds(), m.Sys.Seconds(), m.PeakRSS>>20,
			m.Out.Pages, m.Out.Files, float64(m.Out.Bytes)/1e6, m.Out.Written, float64(m.Out.WrittenBytes)/1e6)
	}
	fmt.Println()
}

// printRatio prints jihat's figures over Hugo's: below 1, jihat took less.
func printRatio(j, h *measurement) {
	cpu := func(m *measurement) float64 { return (m.User + m.Sys).Seconds() }
	fmt.Printf("%s / %s: wall %.2f, CPU (user+sys) %.2f, peak RSS %.2f (below 1: jihat takes less)\n\n",
		j.Name, h.Name, j.Wall.Seconds()/h.Wall.Seconds(), cpu(j)/cpu(h), float64(j.PeakRSS)/float64(h.PeakRSS))
}
