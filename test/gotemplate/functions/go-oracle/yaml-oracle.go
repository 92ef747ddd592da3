package main

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"

	"gopkg.in/yaml.v3"
)

func types(v interface{}) string {
	switch t := v.(type) {
	case map[string]interface{}:
		keys := make([]string, 0, len(t))
		for k := range t {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		parts := []string{}
		for _, k := range keys {
			parts = append(parts, k+":"+types(t[k]))
		}
		return "{" + strings.Join(parts, ",") + "}"
	case []interface{}:
		parts := []string{}
		for _, x := range t {
			parts = append(parts, types(x))
		}
		return "[" + strings.Join(parts, ",") + "]"
	default:
		return fmt.Sprintf("%T", v)
	}
}

func main() {
	data, _ := io.ReadAll(bufio.NewReader(os.Stdin))
	docs := strings.Split(string(data), "\x00")
	out := bufio.NewWriter(os.Stdout)
	defer out.Flush()
	for i, d := range docs {
		if i == len(docs)-1 && d == "" {
			break
		}
		var v interface{}
		if err := yaml.Unmarshal([]byte(d), &v); err != nil {
			fmt.Fprintf(out, "ERR %s\x00", err)
			continue
		}
		var b bytes.Buffer
		enc := yaml.NewEncoder(&b)
		enc.SetIndent(2)
		if err := enc.Encode(v); err != nil {
			fmt.Fprintf(out, "ERR %s\x00", err)
			continue
		}
		fmt.Fprintf(out, "%s\x01%s\x00", types(v), b.String())
	}
}
