package generator_test

import (
	"context"
	"os"
	"testing"

	"github.com/rounds-dev/rounds/content"
	"github.com/rounds-dev/rounds/generator"
	"github.com/rounds-dev/rounds/generator/output"
)

func TestZZProfile(t *testing.T) {
	dir := os.Getenv("PROF_SITE")
	if dir == "" {
		t.Skip()
	}
	for i := 0; i < 3; i++ {
		d, _ := output.NewDisk(t.TempDir() + "/out")
		_, err := generator.Build(context.Background(), generator.Options{Site: os.DirFS(dir), Out: d, Today: content.ParseDate("2026-07-01"), Minify: true})
		if err != nil {
			t.Fatal(err)
		}
		d.Commit()
	}
}
