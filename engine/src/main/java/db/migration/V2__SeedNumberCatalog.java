package db.migration;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberFormat;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberType;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

import java.sql.PreparedStatement;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * Seeds the number catalog: about 2,400 numbers in the US, Canada and the UK, generated from a fixed seed so every
 * installation has the same inventory, each one checked valid and of its type by libphonenumber.
 *
 * <p>Realism notes: NANP (US/CA) has no separate mobile ranges, so US and CA offer local and (US) toll-free
 * numbers; UK landlines and freephone numbers cannot receive SMS, UK mobiles can. Exchanges N11 and 555 are
 * avoided. Prices are integer minor units: USD for US/CA, GBP for the UK.
 */
public class V2__SeedNumberCatalog extends BaseJavaMigration {
    private static final PhoneNumberUtil UTIL = PhoneNumberUtil.getInstance();

    /** One block of inventory: numbers starting with {@code prefix} (national, without trunk prefix). */
    private record Block(String country, String type, String prefix, int count, boolean sms, boolean voice,
                         boolean mms, long setupFee, long monthlyFee, String currency, Set<PhoneNumberType> accept) {
    }

    private static final Set<PhoneNumberType> NANP_LOCAL = EnumSet.of(PhoneNumberType.FIXED_LINE_OR_MOBILE,
            PhoneNumberType.FIXED_LINE, PhoneNumberType.MOBILE);
    private static final Set<PhoneNumberType> TOLL_FREE = EnumSet.of(PhoneNumberType.TOLL_FREE);

    private static List<Block> blocks() {
        List<Block> b = new java.util.ArrayList<>();
        for (String ac : List.of("212", "213", "206", "303", "305", "310", "312", "404", "415", "469", "503", "512",
                "617", "646", "702", "718")) {
            b.add(new Block("US", "local", ac, 100, true, true, true, 100, 115, "USD", NANP_LOCAL));
        }
        for (String ac : List.of("800", "833", "844", "855", "866", "877", "888")) {
            b.add(new Block("US", "tollfree", ac, 30, true, true, false, 200, 215, "USD", TOLL_FREE));
        }
        for (String ac : List.of("416", "604", "514", "403")) {
            b.add(new Block("CA", "local", ac, 50, true, true, true, 100, 130, "USD", NANP_LOCAL));
        }
        for (String ndc : List.of("20", "161", "121", "131")) {
            b.add(new Block("GB", "local", ndc, 40, false, true, false, 100, 100, "GBP",
                    EnumSet.of(PhoneNumberType.FIXED_LINE)));
        }
        for (String p : List.of("74", "75", "77", "78", "79")) {
            b.add(new Block("GB", "mobile", p, 30, true, true, false, 100, 100, "GBP", EnumSet.of(PhoneNumberType.MOBILE)));
        }
        for (String p : List.of("800", "808")) {
            b.add(new Block("GB", "tollfree", p, 20, false, true, false, 200, 200, "GBP", TOLL_FREE));
        }
        return b;
    }

    @Override
    public void migrate(Context context) throws Exception {
        Random random = new Random(20261127L);
        try (PreparedStatement ps = context.getConnection().prepareStatement("INSERT INTO numbers (e164, country,"
                + " area_code, number_type, cap_sms, cap_voice, cap_mms, setup_fee, monthly_fee, currency, status)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'available')")) {
            for (Block block : blocks()) {
                for (String e164 : generate(block, random)) {
                    PhoneNumber n = UTIL.parse(e164, null);
                    String nsn = UTIL.getNationalSignificantNumber(n);
                    int ndcLength = UTIL.getLengthOfNationalDestinationCode(n);
                    ps.setString(1, e164);
                    ps.setString(2, block.country());
                    ps.setString(3, ndcLength > 0 ? nsn.substring(0, ndcLength) : block.prefix());
                    ps.setString(4, block.type());
                    ps.setBoolean(5, block.sms());
                    ps.setBoolean(6, block.voice());
                    ps.setBoolean(7, block.mms());
                    ps.setLong(8, block.setupFee());
                    ps.setLong(9, block.monthlyFee());
                    ps.setString(10, block.currency());
                    ps.addBatch();
                }
                ps.executeBatch();
            }
        }
    }

    /** {@code count} distinct valid numbers of the block's type, or fails loudly (the metadata changed). */
    static Set<String> generate(Block block, Random random) throws NumberParseException {
        Set<String> out = new LinkedHashSet<>();
        int attempts = 0;
        while (out.size() < block.count()) {
            if (++attempts > block.count() * 200) {
                throw new IllegalStateException("cannot generate " + block.count() + " valid " + block.type()
                        + " numbers for " + block.country() + " " + block.prefix() + " (got " + out.size() + ")");
            }
            StringBuilder national = new StringBuilder(block.prefix());
            while (national.length() < 10) {
                national.append(random.nextInt(10));
            }
            if (block.country().equals("US") || block.country().equals("CA")) {
                String exchange = national.substring(3, 6);
                if (exchange.charAt(0) < '2' || exchange.endsWith("11") || exchange.equals("555")) {
                    continue;
                }
            }
            PhoneNumber n = UTIL.parse(national.toString(), block.country());
            if (UTIL.isValidNumber(n) && block.accept().contains(UTIL.getNumberType(n))
                    && (block.type().equals("tollfree") || block.country().equals(UTIL.getRegionCodeForNumber(n)))) {
                out.add(UTIL.format(n, PhoneNumberFormat.E164));
            }
        }
        return out;
    }
}
