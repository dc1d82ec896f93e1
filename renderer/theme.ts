// A dense desktop look: small controls, tight spacing, system fonts (nothing is fetched).
import {
  ActionIcon, Badge, Button, Checkbox, Modal, NativeSelect, Select, Switch, Textarea, TextInput, createTheme,
} from '@mantine/core';

export const theme = createTheme({
  primaryColor: 'indigo',
  defaultRadius: 'sm',
  fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "Helvetica Neue", Arial, sans-serif',
  fontSizes: { xs: '12px', sm: '13px', md: '14px', lg: '16px', xl: '18px' },
  spacing: { xs: '6px', sm: '8px', md: '12px', lg: '16px', xl: '24px' },
  headings: { sizes: { h1: { fontSize: '22px' }, h2: { fontSize: '18px' }, h3: { fontSize: '15px' }, h4: { fontSize: '14px' } } },
  components: {
    TextInput: TextInput.extend({ defaultProps: { size: 'xs' } }),
    Textarea: Textarea.extend({ defaultProps: { size: 'xs' } }),
    NativeSelect: NativeSelect.extend({ defaultProps: { size: 'xs' } }),
    Select: Select.extend({ defaultProps: { size: 'xs' } }),
    Button: Button.extend({ defaultProps: { size: 'xs' } }),
    ActionIcon: ActionIcon.extend({ defaultProps: { size: 'sm', variant: 'subtle' } }),
    Checkbox: Checkbox.extend({ defaultProps: { size: 'xs' } }),
    Switch: Switch.extend({ defaultProps: { size: 'xs' } }),
    Badge: Badge.extend({ defaultProps: { size: 'xs', radius: 'sm' } }),
    Modal: Modal.extend({ defaultProps: { centered: false, overlayProps: { backgroundOpacity: 0.35 } } }),
  },
});
