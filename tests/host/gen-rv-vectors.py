#!/usr/bin/env python3
"""gen-rv-vectors.py - encoder test vectors for tests/host/test_dpfjit.c.

  gen-rv-vectors.py asm   > rvvec.S        the cases as assembly
  gen-rv-vectors.py cases > rvvec_cases.c  the same cases as C structs
  gen-rv-vectors.py bytes rvvec.bin > rvvec_bytes.c

The cross assembler turns rvvec.S into the reference bytes; the test
encodes every case with kernel/dpf/rv_asm.c and compares.
"""
import sys

REGS = [0, 1, 2, 8, 10, 15, 31]
CREGS = [8, 9, 10, 11, 12, 13, 14, 15]
NZREGS = [r for r in REGS if r]
IMM12 = [0, 1, -1, 5, -5, 31, -32, 0x555, -0x2aa, 2047, -2048]
SHIFTS = [0, 1, 7, 31, 32, 63]
BRANCH = [-4096, -2, 2, 4, 100, 256, -258, 4094]
JAL = [-(1 << 20), -2, 2, 4, 2048, 4096, 0x7fffe, (1 << 20) - 2]
OPS = {'add': 0x000, 'sub': 0x100, 'sll': 0x001, 'slt': 0x002, 'sltu': 0x003,
       'xor': 0x004, 'srl': 0x005, 'sra': 0x105, 'or': 0x006, 'and': 0x007}
CONDS = {'beq': 0, 'bne': 1, 'blt': 4, 'bge': 5, 'bltu': 6, 'bgeu': 7}
LOADS = {'lb': 0, 'lh': 1, 'lw': 2, 'ld': 3, 'lbu': 4, 'lhu': 5, 'lwu': 6}


def cases():
    out = []

    def add(form, text, rd=0, rs1=0, rs2=0, x=0, imm=0, rvc=False):
        out.append((form, rd, rs1, rs2, x, imm, text, rvc))

    def off(v):
        return '.%+d' % v

    for rd in REGS:
        for imm in [0, 1, 0x80000, 0xfffff, 0x12345, 0x7ffff]:
            add('V_LUI', 'lui x%d, 0x%x' % (rd, imm), rd=rd, imm=imm)
            add('V_AUIPC', 'auipc x%d, 0x%x' % (rd, imm), rd=rd, imm=imm)
        for o in JAL:
            add('V_JAL', 'jal x%d, %s' % (rd, off(o)), rd=rd, imm=o)
        for rs1 in REGS:
            for imm in IMM12[::2]:
                add('V_JALR', 'jalr x%d, %d(x%d)' % (rd, imm, rs1), rd=rd, rs1=rs1, imm=imm)
                for name, f3 in LOADS.items():
                    add('V_LOAD', '%s x%d, %d(x%d)' % (name, rd, imm, rs1), rd=rd, rs1=rs1,
                        x=f3, imm=imm)
            for imm in IMM12:
                for form, name in [('V_ADDI', 'addi'), ('V_ADDIW', 'addiw'),
                                   ('V_ANDI', 'andi'), ('V_ORI', 'ori'), ('V_XORI', 'xori')]:
                    add(form, '%s x%d, x%d, %d' % (name, rd, rs1, imm), rd=rd, rs1=rs1, imm=imm)
            for sh in SHIFTS:
                for form, name in [('V_SLLI', 'slli'), ('V_SRLI', 'srli'), ('V_SRAI', 'srai')]:
                    add(form, '%s x%d, x%d, %d' % (name, rd, rs1, sh), rd=rd, rs1=rs1, imm=sh)
            for rs2 in REGS[::3]:
                for name, op in OPS.items():
                    add('V_OP', '%s x%d, x%d, x%d' % (name, rd, rs1, rs2), rd=rd, rs1=rs1,
                        rs2=rs2, x=op)
    for rs1 in REGS:
        for rs2 in REGS:
            for name, c in CONDS.items():
                for o in BRANCH:
                    add('V_BRANCH', '%s x%d, x%d, %s' % (name, rs1, rs2, off(o)), rs1=rs1,
                        rs2=rs2, x=c, imm=o)
    for rd in NZREGS:
        for imm in [0, 1, -1, 31, -32, 17, -17]:
            add('V_C_LI', 'c.li x%d, %d' % (rd, imm), rd=rd, imm=imm, rvc=True)
            add('V_C_ADDIW', 'c.addiw x%d, %d' % (rd, imm), rd=rd, imm=imm, rvc=True)
            if imm:
                add('V_C_ADDI', 'c.addi x%d, %d' % (rd, imm), rd=rd, imm=imm, rvc=True)
            if imm and rd != 2:
                add('V_C_LUI', 'c.lui x%d, 0x%x' % (rd, imm & 0xfffff), rd=rd, imm=imm, rvc=True)
        for sh in [1, 7, 31, 32, 63]:
            add('V_C_SLLI', 'c.slli x%d, %d' % (rd, sh), rd=rd, imm=sh, rvc=True)
        for rs2 in NZREGS:
            add('V_C_MV', 'c.mv x%d, x%d' % (rd, rs2), rd=rd, rs2=rs2, rvc=True)
            add('V_C_ADD', 'c.add x%d, x%d' % (rd, rs2), rd=rd, rs2=rs2, rvc=True)
        add('V_C_JR', 'c.jr x%d' % rd, rs1=rd, rvc=True)
    for rd in CREGS:
        for sh in [1, 7, 31, 32, 63]:
            add('V_C_SRLI', 'c.srli x%d, %d' % (rd, sh), rd=rd, imm=sh, rvc=True)
        for imm in [0, 1, -1, 31, -32, 15]:
            add('V_C_ANDI', 'c.andi x%d, %d' % (rd, imm), rd=rd, imm=imm, rvc=True)
        for rs2 in CREGS:
            for name in ['sub', 'xor', 'or', 'and']:
                add('V_C_OP', 'c.%s x%d, x%d' % (name, rd, rs2), rd=rd, rs2=rs2, x=OPS[name],
                    rvc=True)
            for o in [0, 4, 60, 124]:
                add('V_C_LW', 'c.lw x%d, %d(x%d)' % (rd, o, rs2), rd=rd, rs1=rs2, imm=o,
                    rvc=True)
            for o in [0, 8, 120, 248]:
                add('V_C_LD', 'c.ld x%d, %d(x%d)' % (rd, o, rs2), rd=rd, rs1=rs2, imm=o,
                    rvc=True)
        for o in [-256, -2, 2, 6, 100, 254]:
            add('V_C_BZ', 'c.beqz x%d, %s' % (rd, off(o)), rs1=rd, x=0, imm=o, rvc=True)
            add('V_C_BZ', 'c.bnez x%d, %s' % (rd, off(o)), rs1=rd, x=1, imm=o, rvc=True)
    for o in [-2048, -2, 2, 4, 32, 1000, 2046, -1366]:
        add('V_C_J', 'c.j %s' % off(o), imm=o, rvc=True)
    return out


def main():
    mode = sys.argv[1]
    if mode == 'asm':
        print('\t.option norelax')
        print('\t.text')
        for c in cases():
            print('\t.option %s' % ('rvc' if c[7] else 'norvc'))
            print('\t' + c[6])
    elif mode == 'cases':
        print('/* generated by tests/host/gen-rv-vectors.py - do not edit */')
        print('#include "dpf_rvvec.h"')
        print('const struct rvvec_case rvvec_cases[] = {')
        for c in cases():
            print('\t{ %s, %d, %d, %d, %d, %d, "%s" },' % (c[0], c[1], c[2], c[3], c[4], c[5],
                                                          c[6]))
        print('};')
        print('const size_t rvvec_ncases = sizeof(rvvec_cases) / sizeof(rvvec_cases[0]);')
    elif mode == 'bytes':
        data = open(sys.argv[2], 'rb').read()
        print('/* generated by tests/host/gen-rv-vectors.py - do not edit */')
        print('#include "dpf_rvvec.h"')
        print('const uint8_t rvvec_bytes[] = {')
        for i in range(0, len(data), 16):
            print('\t' + ' '.join('0x%02x,' % b for b in data[i:i + 16]))
        print('};')
        print('const size_t rvvec_nbytes = sizeof(rvvec_bytes);')
    else:
        sys.exit('usage: gen-rv-vectors.py asm|cases|bytes FILE')


main()
