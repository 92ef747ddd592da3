package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strings"
	"text/template"

	"github.com/Masterminds/sprig/v3"
	"gopkg.in/yaml.v3"
)

type rec struct {
	Template string `json:"template"`
	Data     string `json:"data"`
}

func main() {
	in, _ := io.ReadAll(bufio.NewReader(os.Stdin))
	out := bufio.NewWriter(os.Stdout)
	defer out.Flush()
	for _, line := range strings.Split(string(in), "\x00") {
		if line == "" {
			continue
		}
		var r rec
		if err := json.Unmarshal([]byte(line), &r); err != nil {
			fmt.Fprintf(out, "BADREC %s\x00", err)
			continue
		}
		var data interface{}
		if err := yaml.Unmarshal([]byte(r.Data), &data); err != nil {
			fmt.Fprintf(out, "BADDATA %s\x00", err)
			continue
		}
		func() {
			defer func() {
				if p := recover(); p != nil {
					fmt.Fprintf(out, "ERR panic %v\x00", p)
				}
			}()
			fm := sprig.TxtFuncMap()
			fm["toYaml"] = func(v interface{}) (string, error) {
				var b strings.Builder
				enc := yaml.NewEncoder(&b)
				enc.SetIndent(2)
				err := enc.Encode(v)
				return b.String(), err
			}
			fm["fromYaml"] = func(s string) (interface{}, error) {
				var v interface{}
				err := yaml.Unmarshal([]byte(s), &v)
				return v, err
			}
			t, err := template.New("t").Funcs(fm).Parse(r.Template)
			if err != nil {
				fmt.Fprintf(out, "ERR %s\x00", err)
				return
			}
			var b strings.Builder
			if err := t.Execute(&b, data); err != nil {
				fmt.Fprintf(out, "ERR %s\x00", err)
				return
			}
			fmt.Fprintf(out, "OK %s\x00", b.String())
		}()
	}
}
