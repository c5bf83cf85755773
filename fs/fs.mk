# The root file system: fs/root/ (the skeleton: /etc, /root, /tmp...) plus the
# compiled user programs and test programs, packed into an ext2 image by
# genext2fs. Owner and modes come from fs/devtable.

# 4 KiB blocks, as mke2fs picks for any disk of this size or more: a page
# fault or a page-sized read is one block, not four (fork_exec: 0.81 -> 0.50 ms).
FS_BLOCK_SIZE := 4096
FS_BLOCKS     := 16384	# 64 MiB
FS_STAGE   := $(BUILD)/rootfs
FS_SKEL    := $(shell find fs/root -type f 2>/dev/null)

$(BUILD)/fs.img: $(USER_PROGS) $(TEST_PROGS) $(FS_SKEL) fs/devtable fs/fs.mk
	@echo "  GENEXT2 $@"
	$(Q)rm -rf $(FS_STAGE) && mkdir -p $(FS_STAGE)
	$(Q)cp -a fs/root/. $(FS_STAGE)/
	$(Q)mkdir -p $(FS_STAGE)/bin $(FS_STAGE)/sbin $(FS_STAGE)/tests \
		$(FS_STAGE)/dev $(FS_STAGE)/proc $(FS_STAGE)/tmp $(FS_STAGE)/root
	$(Q)for f in $(USER_BIN); do cp $$f $(FS_STAGE)/bin/; done
	$(Q)for f in $(USER_SBIN); do cp $$f $(FS_STAGE)/sbin/; done
	$(Q)for f in $(TEST_PROGS); do cp $$f $(FS_STAGE)/tests/; done
	$(Q)genext2fs -U -B $(FS_BLOCK_SIZE) -b $(FS_BLOCKS) -N 8192 -d $(FS_STAGE) -D fs/devtable $@
