# Odessa's two everyday commands (see README.md):
#   make demo   the main job: train a task for about 10 minutes, evaluate it, plot and draw it
#   make test   every test
# Both first install the Debian packages Odessa links against when they are missing.

SWIFT ?= swift
APT_PACKAGES := pkg-config libode-dev libopenblas-dev
PKG_CONFIG_MODULES := ode openblas

.PHONY: deps build test demo bench mjcf-oracle fidelity policy-in-mujoco bipedal-oracle policy-in-box2d protos

deps:
	@if command -v pkg-config >/dev/null 2>&1 && pkg-config --exists $(PKG_CONFIG_MODULES); then \
	  exit 0; \
	fi; \
	echo "odessa: installing the system libraries it needs: $(APT_PACKAGES)"; \
	if ! command -v apt-get >/dev/null 2>&1; then \
	  echo "odessa: apt-get not found. Install ODE (double precision) and OpenBLAS development" \
	       "packages with pkg-config files '$(PKG_CONFIG_MODULES)' using your system's package manager." >&2; \
	  exit 1; \
	fi; \
	if [ "$$(id -u)" = 0 ]; then SUDO=""; \
	elif command -v sudo >/dev/null 2>&1; then SUDO="sudo"; \
	else \
	  echo "odessa: installing packages needs root: run 'apt-get install $(APT_PACKAGES)' as root," \
	       "or install sudo." >&2; \
	  exit 1; \
	fi; \
	$$SUDO apt-get update -qq && \
	$$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $(APT_PACKAGES) && \
	pkg-config --exists $(PKG_CONFIG_MODULES) || { \
	  echo "odessa: the packages installed but pkg-config still cannot find '$(PKG_CONFIG_MODULES)'" >&2; exit 1; }

build: deps
	$(SWIFT) build -c release --product odessa

# The SLURM sweep test needs a cluster: as root, scripts/slurm-test-cluster.sh installs Debian's
# slurm-wlm and munge and starts a one-node cluster for the tests, then stops it; otherwise
# that one test is skipped and says why.
# TensorBoard's own reader (Python, from PyPI) checks the event files; without Python or PyPI
# that one test is skipped and says why.
test: deps
	$(SWIFT) build --build-tests
	@test -x .venv-tensorboard/bin/python || { python3 -m venv .venv-tensorboard && \
	  .venv-tensorboard/bin/pip install -q tensorboard; } || echo "odessa: TensorBoard's reader not installed; its test will be skipped"
	@scripts/slurm-test-cluster.sh start
	@$(SWIFT) test; status=$$?; scripts/slurm-test-cluster.sh stop; exit $$status

DEMO_TASK ?= cartpole-swingup
DEMO_STEPS ?= 100000
DEMO_RUN ?= runs/demo-$(DEMO_TASK)

demo: build
	$(SWIFT) run -c release odessa train $(DEMO_TASK) --steps $(DEMO_STEPS) --run-dir $(DEMO_RUN) --force
	$(SWIFT) run -c release odessa eval $(DEMO_RUN) --episodes 10
	$(SWIFT) run -c release odessa plot $(DEMO_RUN) --out $(DEMO_RUN)/learning_curve.svg
	$(SWIFT) run -c release odessa render $(DEMO_RUN) --out $(DEMO_RUN)/policy.svg
	@echo "learning curve: $(DEMO_RUN)/learning_curve.svg; the policy acting: $(DEMO_RUN)/policy.svg (open in a browser)"

bench: build
	$(SWIFT) run -c release odessa bench physics
	$(SWIFT) run -c release odessa bench env
	$(SWIFT) run -c release odessa bench sac

# Not part of the main job or the tests: compares Odessa's model loader with MuJoCo's compiler on
# every file of dm_control's suite and Gymnasium's MuJoCo environments, and checks that the models
# in models/ describe the same machines as dm_control's files. Installs MuJoCo into a
# virtual environment and downloads the two packages' wheels only to read their XML files.
ORACLE_VENV ?= .venv-oracle
mjcf-oracle: build
	python3 -m venv $(ORACLE_VENV)
	$(ORACLE_VENV)/bin/pip install -q mujoco
	$(ORACLE_VENV)/bin/pip download -q --no-deps dm-control gymnasium -d $(ORACLE_VENV)/wheels
	$(ORACLE_VENV)/bin/python scripts/mjcf_oracle.py .build/release/odessa $(ORACLE_VENV)/wheels $(ORACLE_VENV)/models
	$(ORACLE_VENV)/bin/python scripts/same_machines.py models $(ORACLE_VENV)/models/dm_control/suite

# Not part of the main job or the tests: the same initial states and controls in Odessa and in
# MuJoCo (PyPI's mujoco, in the same virtual environment as mjcf-oracle), one task per suite
# model; prints how far the trajectories separate (docs/fidelity.md).
fidelity: build
	test -x $(ORACLE_VENV)/bin/python || python3 -m venv $(ORACLE_VENV)
	$(ORACLE_VENV)/bin/pip install -q mujoco
	$(SWIFT) run -c release odessa bench fidelity --python $(ORACLE_VENV)/bin/python

# Not part of the main job or the tests: a trained policy's return in Odessa beside the same
# policy run in dm_control's own task on MuJoCo (deterministic mean action, 10 episodes each).
# dm_control (from PyPI) needs a MuJoCo of its own generation, hence its own environment.
#   make policy-in-mujoco RUN=runs/walker-walk-seed0
DMC_VENV ?= .venv-dmc
EPISODES ?= 10
policy-in-mujoco: build
	@test -n "$(RUN)" || { echo "give the run folder: make policy-in-mujoco RUN=runs/TASK-seed0" >&2; exit 2; }
	test -x $(DMC_VENV)/bin/python || python3 -m venv $(DMC_VENV)
	$(DMC_VENV)/bin/pip install -q dm_control "mujoco<4"
	$(SWIFT) run -c release odessa export $(RUN) --out $(DMC_VENV)/actor.safetensors
	$(SWIFT) run -c release odessa eval $(RUN) --episodes $(EPISODES)
	MUJOCO_GL=disable $(DMC_VENV)/bin/python scripts/policy_in_mujoco.py $(DMC_VENV)/actor.safetensors --episodes $(EPISODES)

# Not part of the main job or the tests: BipedalWalker in Odessa beside the original in Gymnasium on
# Box2D (PyPI's gymnasium[box2d], in its own virtual environment): the heuristic gait's returns on
# both, and one-step prediction errors along its walk (docs/bipedal-walker.md).
BOX2D_VENV ?= .venv-box2d
bipedal-oracle: build
	test -x $(BOX2D_VENV)/bin/python || python3 -m venv $(BOX2D_VENV)
	$(BOX2D_VENV)/bin/pip install -q "gymnasium[box2d]"
	$(SWIFT) run -c release odessa bench bipedal --python $(BOX2D_VENV)/bin/python

# Not part of the main job or the tests: a BipedalWalker policy trained here, run in Gymnasium's
# own game on Box2D beside its return here (deterministic mean action, 10 episodes each).
#   make policy-in-box2d RUN=runs/bipedal_walker-s0
policy-in-box2d: build
	@test -n "$(RUN)" || { echo "give the run folder: make policy-in-box2d RUN=runs/bipedal_walker-s0" >&2; exit 2; }
	test -x $(BOX2D_VENV)/bin/python || python3 -m venv $(BOX2D_VENV)
	$(BOX2D_VENV)/bin/pip install -q "gymnasium[box2d]"
	$(SWIFT) run -c release odessa export $(RUN) --out $(BOX2D_VENV)/actor.safetensors
	$(SWIFT) run -c release odessa eval $(RUN) --episodes 10
	$(BOX2D_VENV)/bin/python scripts/policy_in_box2d.py $(BOX2D_VENV)/actor.safetensors --episodes 10

# Regenerates Sources/TensorBoard/tensorboard_event.pb.swift from protos/ (needs Debian's
# protobuf-compiler; builds swift-protobuf's protoc-gen-swift once, which takes minutes). The
# generated file is committed, so neither the build nor the tests need protoc.
PROTOC_GEN_SWIFT ?= .build-protoc/release/protoc-gen-swift
protos:
	command -v protoc >/dev/null || apt-get install -y -qq --no-install-recommends protobuf-compiler
	test -x $(PROTOC_GEN_SWIFT) || $(SWIFT) build -c release --product protoc-gen-swift --scratch-path .build-protoc
	protoc --plugin=protoc-gen-swift=$(PROTOC_GEN_SWIFT) --swift_out=Sources/TensorBoard \
	  --swift_opt=Visibility=Public -I protos protos/tensorboard_event.proto
