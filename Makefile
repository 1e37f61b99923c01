# One entry point for people and CI. `make` lists the targets.
SHELL := /bin/bash
MVN := ./mvnw -B --no-transfer-progress
STAGE ?= dev
export AWS_EC2_METADATA_DISABLED := true
export SLS_TELEMETRY_DISABLED := 1

.DEFAULT_GOAL := help
.PHONY: help build test local package bench-startup bench-coldstart bench-uploads clean local-classpath
LOCAL_CP_FILE := target/local-classpath.txt
LOCAL_MAIN := dev.catalog.local.LocalRuntime
# C1 only and the serial collector: the local runtime is start-up bound on two cores.
LOCAL_JAVA_OPTS := -XX:TieredStopAtLevel=1 -XX:+UseSerialGC

help: ## List the targets
	@grep -hE '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-14s %s\n", $$1, $$2}'

node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund

build: ## Compile everything and build the Lambda artifact (no tests)
	$(MVN) -Dtemplate.skip=true -DskipTests package
	@$(MAKE) --no-print-directory artifact-size

test: node_modules/.package-lock.json ## Run every test tier: unit, integration, end to end, template
	$(MVN) verify

local: local-classpath ## Run the whole pipeline locally on embedded services (ARGS="--stage dev --port 3000")
	java $(LOCAL_JAVA_OPTS) -cp "target/classes:target/test-classes:$$(cat $(LOCAL_CP_FILE))" $(LOCAL_MAIN) $(ARGS)

bench-startup: local-classpath ## Print the time from JVM start to "Catalog local ready" (3 runs)
	@for run in 1 2 3; do \
	  java $(LOCAL_JAVA_OPTS) -Dcatalog.exitWhenReady=true -cp "target/classes:target/test-classes:$$(cat $(LOCAL_CP_FILE))" $(LOCAL_MAIN) --port 0 \
	    | grep 'Catalog local ready'; \
	done

bench-coldstart: build local-classpath ## Print each function's first invocation in a fresh JVM, against hello-world
	java $(LOCAL_JAVA_OPTS) -cp "target/classes:target/test-classes:$$(cat $(LOCAL_CP_FILE))" dev.catalog.local.bench.ColdStartBenchmark 2>/dev/null \
	  | grep -E '^(function|\(hello|[a-zA-Z]+ +[0-9-]|Lambda artifact)'

bench-uploads: local-classpath ## Print upload-processor MB/s and heap growth (100 MiB) and import rows/s (100,000 rows)
	java $(LOCAL_JAVA_OPTS) -Xmx512m -cp "target/classes:target/test-classes:$$(cat $(LOCAL_CP_FILE))" dev.catalog.local.bench.UploadsBenchmark 2>/dev/null \
	  | grep -E '^(upload|import) processor'

# The local runtime runs from the test classpath: the embedded services never reach the Lambda artifact.
local-classpath:
	$(MVN) -q -Dtemplate.skip=true -DskipTests test-compile dependency:build-classpath \
	  -Dmdep.outputFile=$(LOCAL_CP_FILE) -Dmdep.includeScope=test

package: node_modules/.package-lock.json build ## Build the artifact and the CloudFormation template (osls package)
	npx --no-install osls package --stage $(STAGE)
	@echo "template: .serverless/cloudformation-template-update-stack.json"

artifact-size:
	@printf 'Lambda artifact target/catalog-lambda.jar: %s bytes (%s)\n' \
	  "$$(stat -c %s target/catalog-lambda.jar)" "$$(du -h target/catalog-lambda.jar | cut -f1)"

clean: ## Remove build output
	$(MVN) -q clean
	rm -rf .serverless
