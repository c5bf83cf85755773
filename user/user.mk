# User programs: static glibc binaries for the Linux riscv64 ABI.
#
#   user/lib/*.c        helpers linked into every program (user/lib/*.h)
#   user/bin/NAME.c     one-file program -> /bin/NAME
#   user/sbin/NAME.c    one-file program -> /sbin/NAME
#   user/sh/*.c         the shell        -> /bin/sh
#
# Adding a program is adding a file: user/bin/hello.c becomes /bin/hello.

UCC     := $(UCROSS)gcc
UCFLAGS := -static -O2 -g -Wall -Wextra -Werror -std=gnu11 -Iuser/lib
UBUILD  := $(BUILD)/user

ULIB_SRC := $(wildcard user/lib/*.c)
ULIB_HDR := $(wildcard user/lib/*.h)
ULIB     := $(UBUILD)/libuser.a
ULIB_OBJ := $(patsubst user/lib/%.c,$(UBUILD)/lib/%.o,$(ULIB_SRC))

USER_BIN  := $(patsubst user/bin/%.c,$(UBUILD)/bin/%,$(wildcard user/bin/*.c))
USER_SBIN := $(patsubst user/sbin/%.c,$(UBUILD)/sbin/%,$(wildcard user/sbin/*.c))
SH_SRC    := $(wildcard user/sh/*.c)
ifneq ($(SH_SRC),)
USER_BIN  += $(UBUILD)/bin/sh
endif
USER_PROGS := $(USER_BIN) $(USER_SBIN)

$(UBUILD)/lib/%.o: user/lib/%.c $(ULIB_HDR)
	@mkdir -p $(@D)
	@echo "  UCC     $<"
	$(Q)$(UCC) $(UCFLAGS) -c -o $@ $<

$(ULIB): $(ULIB_OBJ)
	@mkdir -p $(@D)
	$(Q)rm -f $@ && $(UCROSS)ar rcs $@ $^

$(UBUILD)/bin/sh: $(SH_SRC) $(wildcard user/sh/*.h) $(ULIB)
	@mkdir -p $(@D)
	@echo "  UCC     sh"
	$(Q)$(UCC) $(UCFLAGS) -Iuser/sh -o $@ $(SH_SRC) $(ULIB)

$(UBUILD)/bin/%: user/bin/%.c $(ULIB) $(ULIB_HDR)
	@mkdir -p $(@D)
	@echo "  UCC     $<"
	$(Q)$(UCC) $(UCFLAGS) -o $@ $< $(ULIB)

$(UBUILD)/sbin/%: user/sbin/%.c $(ULIB) $(ULIB_HDR)
	@mkdir -p $(@D)
	@echo "  UCC     $<"
	$(Q)$(UCC) $(UCFLAGS) -o $@ $< $(ULIB)
