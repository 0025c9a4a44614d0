import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';

/** One file's part of a unified diff (`diff --git a/<path> b/<path>` up to the next one). */
export interface FileDiff {
  readonly path: string;
  readonly text: string;
}

export function splitDiff(diff: string): FileDiff[] {
  const out: FileDiff[] = [];
  for (const part of diff.split(/^(?=diff --git )/m)) {
    if (!part.startsWith('diff --git ')) continue;
    const header = part.slice(0, part.indexOf('\n') === -1 ? undefined : part.indexOf('\n'));
    const path =
      /^diff --git a\/(.+) b\/\1$/.exec(header)?.[1] ?? header.replace(/^diff --git a\//, '').split(' b/')[0]!;
    out.push({ path, text: part.replace(/\n$/, '') });
  }
  return out;
}

/** The diff look (a bordered <pre>, added lines green, removed red), shared by the file and the rendered diff. */
export const useDiffStyles = makeStyles((theme) => ({
  pre: {
    margin: 0,
    padding: theme.spacing(1),
    overflowX: 'auto',
    fontSize: '0.8rem',
    background: theme.palette.background.default,
    border: `1px solid ${theme.palette.divider}`,
    borderRadius: theme.shape.borderRadius,
  },
  add: { color: theme.palette.success?.dark ?? '#1b5e20', background: 'rgba(46, 160, 67, 0.12)', display: 'block' },
  del: { color: theme.palette.error.dark, background: 'rgba(248, 81, 73, 0.12)', display: 'block' },
  hunk: { color: theme.palette.info?.dark ?? '#01579b', display: 'block' },
  meta: { fontWeight: 'bold', display: 'block' },
  line: { display: 'block' },
}));

/** A file's diff in a <pre>: added lines green, removed red, hunk headers blue, file headers bold. */
export function DiffView(props: { file: FileDiff; encrypted?: boolean }) {
  const classes = useDiffStyles();
  let inHeader = false; // between `diff --git` and the first `@@`, `---`/`+++` name files
  return (
    <Box mb={2}>
      <Typography variant="subtitle2" component="h4">
        {props.file.path}
        {props.encrypted ? ' (encrypted; values are never shown)' : ''}
      </Typography>
      <pre className={classes.pre} aria-label={`diff of ${props.file.path}`}>
        {props.file.text.split('\n').map((line, i) => {
          if (line.startsWith('diff ')) inHeader = true;
          let cls = classes.line;
          if (line.startsWith('@@')) {
            inHeader = false;
            cls = classes.hunk;
          } else if (inHeader) cls = classes.meta;
          else if (line.startsWith('+')) cls = classes.add;
          else if (line.startsWith('-')) cls = classes.del;
          return (
            <span key={i} className={cls}>
              {line || ' '}
            </span>
          );
        })}
      </pre>
    </Box>
  );
}
