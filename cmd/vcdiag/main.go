package main
import (
 _ "github.com/spf13/cobra"
 _ "go.yaml.in/yaml/v3"
 _ "github.com/fatih/color"
 _ "github.com/google/go-cmp/cmp"
)
func main(){}
