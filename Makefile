# One entry point for people and CI. `make` lists the targets.
SHELL := /bin/bash
MVN := ./mvnw -B --no-transfer-progress
STAGE ?= dev
# osls and the SDK never wait for an EC2 metadata endpoint that is not there; on an EC2 instance whose role
# should deploy, run make with AWS_EC2_METADATA_DISABLED=false.
export AWS_EC2_METADATA_DISABLED ?= true
export SLS_TELEMETRY_DISABLED := 1

.DEFAULT_GOAL := help
.PHONY: help build test test-localstack local package deploy info remove capacity bench bench-startup bench-coldstart bench-uploads fuzz chaos mutation invoke redrive clean local-classpath
LOCAL_CP_FILE := target/local-classpath.txt
# The runtime, its tools and the harness run from the test class path (written by local-classpath).
LOCAL_CP = -cp "target/classes:target/test-classes:$$(cat $(LOCAL_CP_FILE))"
LOCAL_MAIN := dev.catalog.local.runtime.LocalRuntime
# C1 only and the serial collector: the local runtime is start-up bound on two cores.
LOCAL_JAVA_OPTS := -XX:TieredStopAtLevel=1 -XX:+UseSerialGC
# As root, Java thread priorities reach the OS: the runtime raises DynamoDB Local's one SQLite thread,
# which otherwise gets a fair share of two saturated cores while every DynamoDB request waits for it.
PRIORITY_JAVA_OPTS := $(if $(filter 0,$(shell id -u)),-XX:ThreadPriorityPolicy=1)
# Throughput benchmarks need the normal JIT: C1 alone leaves out C2's intrinsics (SHA-256 on the CPU's SHA instructions).
BENCH_JAVA_OPTS := -XX:+UseSerialGC -Xmx256m

help: ## List the targets
	@grep -hE '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-14s %s\n", $$1, $$2}'

node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund

build: ## Compile everything and build the Lambda artifact (no tests)
	$(MVN) -Dtemplate.skip=true -DskipTests package
	@$(MAKE) --no-print-directory artifact-size

test: node_modules/.package-lock.json ## Run every test tier: unit, integration, end to end, template
	$(MVN) verify

test-localstack: ## Run the end-to-end suites again on LocalStack in Docker (skipped, with the reason, without Docker)
	$(MVN) -Plocalstack verify

# MODE=lambda runs every function from the Lambda artifact (built first) through AWS's runtime interface client.
local: local-classpath $(if $(filter lambda,$(MODE)),build) ## Run the whole pipeline locally on embedded services (MODE=lambda: as Lambda runs the artifact; ARGS="--stage dev --port 3000")
	java $(LOCAL_JAVA_OPTS) $(PRIORITY_JAVA_OPTS) $(LOCAL_CP) $(LOCAL_MAIN) $(if $(MODE),--mode $(MODE)) $(ARGS)

# make bench: N commands from CLIENTS concurrent HTTP clients. The benchmark JVM keeps the full JIT
# (no TieredStopAtLevel=1): it runs for minutes, so compiled code matters more than start-up.
N ?= 20000
CLIENTS ?= 16
bench: local-classpath ## Load benchmark (N=20000 CLIENTS=16): throughput, latency, limiting stage, views == Aurora, $/million commands
	@set -o pipefail; java -XX:+UseParallelGC -Xms1g $(PRIORITY_JAVA_OPTS) $(LOCAL_CP) \
	  dev.catalog.local.harness.bench.PipelineBenchmark --commands $(N) --clients $(CLIENTS) \
	  | grep --line-buffered -vE '^(Initializing DynamoDB Local|Port:|InMemory:|Version:|DbPath:|SharedDb:|shouldDelayTransientStatuses:|CorsParams:)'

# make capacity: the packaged template (repackaged when serverless.yml or a slice changed), bench/aws-quotas.json and the
# request counts of the latest make bench (target/bench/request-counts.json), else the measured copy bench/request-counts.json.
RATE ?= 10000
TEMPLATE := .serverless/cloudformation-template-update-stack.json
$(TEMPLATE): serverless.yml $(wildcard handlers/*.yml) | node_modules/.package-lock.json
	@test -f target/catalog-lambda.jar || $(MAKE) --no-print-directory build
	npx --no-install osls package --stage dev >/dev/null
capacity: $(TEMPLATE) local-classpath ## Which AWS quota binds first: each stage's load at RATE=n commands/s (default 10000, MIX=bulk=0.2) against default quotas, eu-west-1 and us-east-1
	@java -cp "target/classes:target/test-classes:$$(cat $(LOCAL_CP_FILE))" dev.catalog.local.harness.capacity.CapacityReport \
	  --rate $(RATE) --mix "$(MIX)" --template $(TEMPLATE)

bench-startup: local-classpath ## Print the time from JVM start to "Catalog local ready" (3 runs)
	@for run in 1 2 3; do \
	  java $(LOCAL_JAVA_OPTS) -Dcatalog.exitWhenReady=true $(LOCAL_CP) $(LOCAL_MAIN) --port 0 \
	    | grep 'Catalog local ready'; \
	done

bench-coldstart: build local-classpath ## Print each function's cold start through AWS's runtime interface client (init, first, primed, warm), against hello-world
	@mkdir -p target/bench
	set -o pipefail; java $(LOCAL_JAVA_OPTS) $(LOCAL_CP) dev.catalog.local.harness.bench.ColdStartBenchmark \
	  2>target/bench/coldstart-stderr.log | grep -E '^(function|\(hello|[a-zA-Z]+ +[0-9]+ +[0-9.]+ |Lambda artifact)' \
	  || { echo "bench-coldstart failed: see target/bench/coldstart-stderr.log" >&2; exit 1; }

# fuzz and chaos print their report lines only; the runtime's own output (stderr) goes to target/<suite>/stderr.log,
# whose last lines are shown when the run fails. Either exits non-zero when a rule is broken (pipefail).
fuzz: local-classpath ## Send 2,400 generated bad requests and import files (COUNT=n, SEED=n to replay); fails on a 5xx, a bad request accepted, a command lost, a publish on a 4xx, a function error, a bad import row not reported
	@mkdir -p target/fuzz; set -o pipefail; \
	  java $(LOCAL_JAVA_OPTS) $(LOCAL_CP) dev.catalog.local.harness.fuzz.Fuzz $(or $(COUNT),2400) $(or $(SEED),20261121) \
	  2>target/fuzz/stderr.log | grep --line-buffered -E '^(fuzz|  )' \
	  || { echo "fuzz: make fuzz failed; the runtime's last lines (all in target/fuzz/stderr.log):" >&2; tail -n 15 target/fuzz/stderr.log >&2; exit 1; }

chaos: local-classpath ## Run the fault suite while 3,000 commands flow (COMMANDS=n, SEED=n to replay); fails on a broken must-rule
	@mkdir -p target/chaos; set -o pipefail; \
	  java $(LOCAL_JAVA_OPTS) $(LOCAL_CP) dev.catalog.local.harness.chaos.Chaos $(or $(COMMANDS),3000) $(or $(SEED),20261121) \
	  2>target/chaos/stderr.log | grep --line-buffered -E '^(chaos|  )' \
	  || { echo "chaos: make chaos failed; the runtime's last lines (all in target/chaos/stderr.log):" >&2; tail -n 15 target/chaos/stderr.log >&2; exit 1; }

# PIT over src/main with the unit tier (*Test), DEFAULTS mutators, THREADS=2; slow, so not in make test.
# Prints the share of mutants killed (or timed out) per package from target/pit-reports/mutations.csv.
PIT_REPORTS := target/pit-reports
mutation: ## Mutation testing (PIT) over src/main with the unit tests: share of mutants killed per package (slow: minutes; THREADS=2, PACKAGE=imports for one)
	@start=$$(date +%s); \
	  $(MVN) -Dtemplate.skip=true -Dpit.threads=$(or $(THREADS),2) $(if $(PACKAGE),-Dpit.targetClasses='dev.catalog.$(PACKAGE).*') \
	    test-compile org.pitest:pitest-maven:mutationCoverage \
	  || exit 1; \
	  awk -F, '{ pkg = $$2; sub(/\.[^.]*$$/, "", pkg); total[pkg]++; all++; \
	    if ($$6 ~ /^(KILLED|TIMED_OUT|MEMORY_ERROR|RUN_ERROR)$$/) { killed[pkg]++; allKilled++ } \
	    else if ($$6 == "NO_COVERAGE") { uncovered[pkg]++; allUncovered++ } } \
	    END { printf "mutation %-28s %7s %7s %7s %7s %s\n", "package", "mutants", "killed", "no-cov", "score", "of covered"; \
	      for (p in total) printf "mutation %-28s %7d %7d %7d %5.1f %% %5.1f %%\n", p, total[p], killed[p], uncovered[p], \
	        100 * killed[p] / total[p], (total[p] > uncovered[p] ? 100 * killed[p] / (total[p] - uncovered[p]) : 0) | "sort -k2"; \
	      close("sort -k2"); printf "mutation %-28s %7d %7d %7d %5.1f %% %5.1f %%\n", "all", all, allKilled, allUncovered, \
	        100 * allKilled / all, 100 * allKilled / (all - allUncovered) }' \
	    $(PIT_REPORTS)/mutations.csv; \
	  echo "mutation: report $(PIT_REPORTS)/index.html; wall time $$(( $$(date +%s) - start )) s"

# QUEUE may be a full name (catalog-dev-projections-dlq.fifo) or the part after catalog-<stage>- (projections-dlq.fifo).
REDRIVE_QUEUE = $(if $(filter catalog-%,$(QUEUE)),$(QUEUE),catalog-$(STAGE)-$(QUEUE))
LOCAL_ENDPOINTS := target/local/endpoints.json

redrive: ## Move a dead-letter queue's messages back to their queue (QUEUE=<dlq> STAGE=<stage>|local)
	@test -n "$(QUEUE)" || { echo "usage: make redrive QUEUE=<dead-letter queue> STAGE=<stage>|local" >&2; exit 2; }
	@if [ "$(STAGE)" = local ] || { [ "$(origin STAGE)" = file ] && [ -f $(LOCAL_ENDPOINTS) ]; }; then \
	  queue='$(QUEUE)'; case "$$queue" in catalog-*) ;; *) queue="catalog-dev-$$queue";; esac; \
	  $(MAKE) --no-print-directory -s local-classpath && \
	  java $(LOCAL_CP) dev.catalog.local.devtools.LocalRedrive "$$queue"; \
	elif command -v aws >/dev/null; then \
	  url=$$(aws sqs get-queue-url --queue-name '$(REDRIVE_QUEUE)' --query QueueUrl --output text) && \
	  arn=$$(aws sqs get-queue-attributes --queue-url "$$url" --attribute-names QueueArn --query Attributes.QueueArn --output text) && \
	  aws sqs start-message-move-task --source-arn "$$arn"; \
	else \
	  echo "The AWS CLI is not installed; run:"; \
	  echo "  aws sqs start-message-move-task --source-arn arn:aws:sqs:<region>:<account>:$(REDRIVE_QUEUE)"; \
	fi

# S3Proxy runs in a child JVM on a filesystem store (target/bench/s3): this JVM's heap is the processor's alone. SIZES in MiB.
bench-uploads: local-classpath ## Print upload-processor MB/s and heap growth (100 and 500 MiB), S3Proxy's ceiling, import rows/s (100,000 rows)
	@mkdir -p target/bench
	set -o pipefail; java $(BENCH_JAVA_OPTS) $(LOCAL_CP) dev.catalog.local.harness.bench.UploadsBenchmark \
	  $(or $(SIZES),100 500) 2>target/bench/uploads-stderr.log | grep -E '^(uploads? |s3proxy |import )' \
	  || { echo "bench-uploads failed: see target/bench/uploads-stderr.log" >&2; exit 1; }

# The local runtime runs from the test classpath: the embedded services never reach the Lambda artifact.
local-classpath:
	$(MVN) -q -Dtemplate.skip=true -DskipTests test-compile dependency:build-classpath \
	  -Dmdep.outputFile=$(LOCAL_CP_FILE) -Dmdep.includeScope=test

package: node_modules/.package-lock.json build ## Build the artifact and the CloudFormation template (osls package)
	npx --no-install osls package --stage $(STAGE)
	@echo "template: .serverless/cloudformation-template-update-stack.json"

# make deploy STAGE=prod [REGION=eu-west-1] [PARAMS='jwtIssuer=https://… alertEmail=… vpcId=…']
REGION ?= eu-west-1
OSLS_STAGE := --stage $(STAGE) --region $(REGION) $(foreach param,$(PARAMS),--param '$(param)')
# Credentials, region and stage parameters are checked when the Makefile is read, before any recipe
# runs: what is missing is one line (make's own "*** Stop."), no AWS call, no build.
DEPLOY_GOAL := $(firstword $(filter deploy info remove,$(MAKECMDGOALS)))
ifneq ($(DEPLOY_GOAL),)
PREFLIGHT_PROBLEM := $(shell node deploy/preflight.mjs $(DEPLOY_GOAL) $(OSLS_STAGE) 2>&1 >/dev/null)
ifneq ($(PREFLIGHT_PROBLEM),)
$(error $(PREFLIGHT_PROBLEM))
endif
endif

deploy: node_modules/.package-lock.json ## Deploy a stage to AWS (STAGE=… REGION=… PARAMS='k=v …'): checks first, prints what clients need
	@$(MAKE) --no-print-directory build
	npx --no-install osls deploy $(OSLS_STAGE)
	@$(MAKE) --no-print-directory info

info: node_modules/.package-lock.json ## Print a deployed stage's API URL, replies topic ARN, JWT issuer and audience (STAGE=… REGION=…)
	@set -o pipefail; npx --no-install osls info --verbose $(OSLS_STAGE) | node deploy/client-info.mjs

remove: node_modules/.package-lock.json ## Delete a deployed stage's stack (STAGE=… REGION=…); the database leaves a final snapshot
	npx --no-install osls remove $(OSLS_STAGE)

artifact-size:
	@printf 'Lambda artifact target/catalog-lambda.jar: %s bytes (%s)\n' \
	  "$$(stat -c %s target/catalog-lambda.jar)" "$$(du -h target/catalog-lambda.jar | cut -f1)"

clean: ## Remove build output
	$(MVN) -q clean
	rm -rf .serverless

invoke: ## Run one function once on the running `make local` (FN=createProduct EVENT=events/apigw-create-product.json)
	@test -n "$(FN)" || { echo "usage: make invoke FN=<function> EVENT=events/<file>.json" >&2; exit 2; }
	@test -f "$(LOCAL_ENDPOINTS)" || { echo "no running local runtime ($(LOCAL_ENDPOINTS) is missing): start it with make local" >&2; exit 2; }
	@pid=$$(sed -n 's/.*"pid" *: *\([0-9]*\).*/\1/p' $(LOCAL_ENDPOINTS)); \
	  if [ -z "$$pid" ] || ! kill -0 "$$pid" 2>/dev/null \
	      || { [ -r /proc/$$pid/cmdline ] && ! tr '\0' ' ' </proc/$$pid/cmdline | grep -q '$(LOCAL_MAIN)'; }; then \
	    echo "the local runtime is not running: $(LOCAL_ENDPOINTS) is left from a run that was killed (pid $${pid:-?} is gone); start it with make local" >&2; exit 2; \
	  fi
	@api=$$(sed -n 's/.*"api" *: *"\([^"]*\)".*/\1/p' $(LOCAL_ENDPOINTS)); \
	  curl -sS --fail-with-body -X POST -H 'content-type: application/json' \
	    --data-binary @$(if $(EVENT),$(EVENT),/dev/null) "$$api/_local/invoke/$(FN)?format=text"
