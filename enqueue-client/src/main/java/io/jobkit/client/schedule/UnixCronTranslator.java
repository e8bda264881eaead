package io.jobkit.client.schedule;

import com.cronutils.model.Cron;
import com.cronutils.model.field.CronField;
import com.cronutils.model.field.CronFieldName;
import com.cronutils.model.field.expression.Always;
import com.cronutils.model.field.expression.And;
import com.cronutils.model.field.expression.Between;
import com.cronutils.model.field.expression.Every;
import com.cronutils.model.field.expression.FieldExpression;
import com.cronutils.model.field.expression.On;
import com.cronutils.model.field.value.FieldValue;
import com.cronutils.model.field.value.IntegerFieldValue;
import com.cronutils.model.field.value.SpecialChar;
import io.jobkit.client.JobValidationException;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * Maps a Unix cron that cron-utils has parsed onto EventBridge's 6 fields. Each field's cron-utils expression is
 * expanded to the set of values it matches and written back canonically ({@code *}, {@code start/step}, or a list of
 * values and ranges), so steps, ranges and lists all translate the same way. Day-of-week moves from Unix numbering
 * (0-7, 0 and 7 = Sunday) to EventBridge names (SUN-SAT), which also sidesteps EventBridge's 1 = SUN numbering.
 */
final class UnixCronTranslator {
    private static final String[] DAY_NAMES = {"SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"};

    private UnixCronTranslator() {
    }

    /** Returns the six EventBridge fields (without the {@code cron(...)} wrapper). */
    static String translate(String original, Cron unix) {
        TreeSet<Integer> minutes = values(original, unix.retrieve(CronFieldName.MINUTE));
        TreeSet<Integer> hours = values(original, unix.retrieve(CronFieldName.HOUR));
        TreeSet<Integer> days = values(original, unix.retrieve(CronFieldName.DAY_OF_MONTH));
        TreeSet<Integer> months = values(original, unix.retrieve(CronFieldName.MONTH));
        TreeSet<Integer> weekdays = new TreeSet<>();
        for (int v : values(original, unix.retrieve(CronFieldName.DAY_OF_WEEK))) {
            weekdays.add(v % 7); // Unix 0 and 7 are both Sunday
        }
        boolean domRestricted = days.size() < 31;
        boolean dowRestricted = weekdays.size() < 7;
        if (domRestricted && dowRestricted) {
            throw new JobValidationException("cron '" + original + "': both day-of-month ('"
                    + unix.retrieve(CronFieldName.DAY_OF_MONTH).getExpression().asString() + "') and day-of-week ('"
                    + unix.retrieve(CronFieldName.DAY_OF_WEEK).getExpression().asString() + "') are restricted; Unix cron"
                    + " fires when EITHER matches, which EventBridge Scheduler cannot express (one of the two must be"
                    + " '?'); create two schedules instead, one per field, e.g. '0 0 1 * *' and '0 0 * * 1'");
        }
        String dom = dowRestricted ? "?" : compact(days, 1, 31);
        String dow = dowRestricted ? dayNames(weekdays) : "?";
        return String.join(" ", compact(minutes, 0, 59), compact(hours, 0, 23), dom, compact(months, 1, 12), dow, "*");
    }

    private static TreeSet<Integer> values(String original, CronField field) {
        TreeSet<Integer> out = new TreeSet<>();
        int min = field.getConstraints().getStartRange();
        int max = field.getConstraints().getEndRange();
        collect(original, field.getExpression(), min, max, out);
        return out;
    }

    private static void collect(String original, FieldExpression e, int min, int max, TreeSet<Integer> out) {
        if (e instanceof Always) {
            range(min, max, 1, out);
        } else if (e instanceof On) {
            On on = (On) e;
            if (on.getSpecialChar() != null && on.getSpecialChar().getValue() != SpecialChar.NONE) {
                throw unsupported(original, e);
            }
            out.add(on.getTime().getValue());
        } else if (e instanceof Between) {
            Between b = (Between) e;
            range(intValue(original, b.getFrom()), intValue(original, b.getTo()), 1, out);
        } else if (e instanceof Every) {
            Every every = (Every) e;
            int step = every.getPeriod().getValue();
            FieldExpression base = every.getExpression();
            if (base instanceof Always) {
                range(min, max, step, out);
            } else if (base instanceof On) {
                range(((On) base).getTime().getValue(), max, step, out);
            } else if (base instanceof Between) {
                Between b = (Between) base;
                range(intValue(original, b.getFrom()), intValue(original, b.getTo()), step, out);
            } else {
                throw unsupported(original, e);
            }
        } else if (e instanceof And) {
            for (FieldExpression part : ((And) e).getExpressions()) {
                collect(original, part, min, max, out);
            }
        } else {
            throw unsupported(original, e);
        }
    }

    private static int intValue(String original, FieldValue<?> value) {
        if (value instanceof IntegerFieldValue) {
            return ((IntegerFieldValue) value).getValue();
        }
        throw new JobValidationException("cron '" + original + "': '" + value + "' is not supported in Unix cron; "
                + CronSyntax.UNIX_EXAMPLE);
    }

    private static void range(int from, int to, int step, TreeSet<Integer> out) {
        for (int v = from; v <= to; v += step) {
            out.add(v);
        }
    }

    private static JobValidationException unsupported(String original, FieldExpression e) {
        return new JobValidationException("cron '" + original + "': '" + e.asString() + "' is not supported in Unix"
                + " cron; " + CronSyntax.UNIX_EXAMPLE);
    }

    /** {@code *}, {@code start/step} for a progression that runs to the field's end, else values and ranges. */
    static String compact(TreeSet<Integer> values, int min, int max) {
        if (values.size() == max - min + 1) {
            return "*";
        }
        List<Integer> list = new ArrayList<>(values);
        if (list.size() >= 3) {
            int first = list.get(0);
            int step = list.get(1) - first;
            boolean progression = true;
            for (int i = 1; i < list.size(); i++) {
                progression &= list.get(i) - list.get(i - 1) == step;
            }
            if (progression && step > 1 && list.get(list.size() - 1) + step > max) {
                return first + "/" + step;
            }
        }
        return runs(list, String::valueOf);
    }

    private static String dayNames(TreeSet<Integer> weekdays) {
        return runs(new ArrayList<>(weekdays), d -> DAY_NAMES[d]);
    }

    /** Joins sorted values, writing runs of three or more consecutive values as {@code a-b}. */
    private static String runs(List<Integer> sorted, java.util.function.IntFunction<String> name) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < sorted.size()) {
            int j = i;
            while (j + 1 < sorted.size() && sorted.get(j + 1) == sorted.get(j) + 1) {
                j++;
            }
            if (out.length() > 0) out.append(',');
            if (j - i >= 2) {
                out.append(name.apply(sorted.get(i))).append('-').append(name.apply(sorted.get(j)));
                i = j + 1;
            } else {
                out.append(name.apply(sorted.get(i)));
                i++;
            }
        }
        return out.toString();
    }
}
