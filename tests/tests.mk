# Test programs: tests/user/NAME.c -> build/tests/NAME -> /tests/NAME in the
# image. Each also runs under qemu-riscv64 on the host (`make test-linux`).

TBUILD    := $(BUILD)/tests
TEST_SRC  := $(wildcard tests/user/*.c)
TEST_HDR  := $(wildcard tests/user/*.h)
TEST_PROGS := $(patsubst tests/user/%.c,$(TBUILD)/%,$(TEST_SRC))

$(TBUILD)/%: tests/user/%.c $(TEST_HDR)
	@mkdir -p $(@D)
	@echo "  UCC     $<"
	$(Q)$(UCC) $(UCFLAGS) -pthread -Itests/user -o $@ $<

test-linux: deps $(TEST_PROGS)
	$(Q)scripts/test-linux.sh $(TEST_PROGS)
