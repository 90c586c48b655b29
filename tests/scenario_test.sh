#!/usr/bin/env bash
# scenario_test.sh CASELOAD - end-to-end tests of scenarios, size and compare.
echo "scenario_test: no scenario tests yet"
