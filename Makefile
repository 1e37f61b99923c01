# One entry point for people and CI. `make` lists the targets.
SHELL := /bin/bash
MVN := ./mvnw -B --no-transfer-progress
STAGE ?= dev
export AWS_EC2_METADATA_DISABLED := true
export SLS_TELEMETRY_DISABLED := 1

.DEFAULT_GOAL := help
.PHONY: help build test local package bench-startup clean

help: ## List the targets
	@grep -hE '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-14s %s\n", $$1, $$2}'

node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund

build: ## Compile everything and build the Lambda artifact (no tests)
	$(MVN) -Dtemplate.skip=true -DskipTests package
	@$(MAKE) --no-print-directory artifact-size

test: node_modules/.package-lock.json ## Run every test tier: unit, integration, end to end, template
	$(MVN) verify

local: ## Run the whole pipeline locally on embedded services (see README)
	@echo "The local runtime is not built yet (issue: local runtime)."; exit 1

package: node_modules/.package-lock.json build ## Build the artifact and the CloudFormation template (osls package)
	npx --no-install osls package --stage $(STAGE)
	@echo "template: .serverless/cloudformation-template-update-stack.json"

artifact-size:
	@printf 'Lambda artifact target/catalog-lambda.jar: %s bytes (%s)\n' \
	  "$$(stat -c %s target/catalog-lambda.jar)" "$$(du -h target/catalog-lambda.jar | cut -f1)"

clean: ## Remove build output
	$(MVN) -q clean
	rm -rf .serverless
