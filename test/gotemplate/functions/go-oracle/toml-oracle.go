package main

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/BurntSushi/toml"
	"gopkg.in/yaml.v3"
)

func main() {
	data, _ := io.ReadAll(bufio.NewReader(os.Stdin))
	out := bufio.NewWriter(os.Stdout)
	defer out.Flush()
	for _, d := range strings.Split(string(data), "\x00") {
		if d == "" {
			continue
		}
		var v map[string]interface{}
		if err := yaml.Unmarshal([]byte(d), &v); err != nil {
			fmt.Fprintf(out, "BAD %s\x00", err)
			continue
		}
		b := bytes.NewBuffer(nil)
		if err := toml.NewEncoder(b).Encode(v); err != nil {
			fmt.Fprintf(out, "ERR %s\x00", err)
			continue
		}
		fmt.Fprintf(out, "OK %s\x00", b.String())
	}
}
